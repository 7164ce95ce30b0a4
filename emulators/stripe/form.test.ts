import { describe, expect, it } from "vitest";
import { FormSyntaxError, parseForm } from "./form.ts";

describe("parseForm", () => {
  it("nests bracketed keys the way the SDK encodes them", () => {
    const body =
      "mode=subscription&line_items[0][price]=price_a&line_items[0][quantity]=2&line_items[1][price]=price_b" +
      "&metadata[user_id]=u1&subscription_data[metadata][tier]=pro&expand[0]=customer&expand[1]=subscription";
    expect(parseForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_a", quantity: "2" }, { price: "price_b" }],
      metadata: { user_id: "u1" },
      subscription_data: { metadata: { tier: "pro" } },
      expand: ["customer", "subscription"],
    });
  });

  it("accepts curl's empty-bracket arrays and percent-encoded brackets", () => {
    expect(parseForm("expand[]=a&expand[]=b&lookup_keys%5B0%5D=pro_monthly&email=a%2Bb%40x.io")).toEqual({
      expand: ["a", "b"],
      lookup_keys: ["pro_monthly"],
      email: "a+b@x.io",
    });
  });

  it("closes holes left by sparse indices and keeps empty values (used to unset fields)", () => {
    expect(parseForm("items[0][id]=si_1&items[2][id]=si_2&metadata=&cancel_at=")).toEqual({
      items: [{ id: "si_1" }, { id: "si_2" }],
      metadata: "",
      cancel_at: "",
    });
  });

  it("rejects malformed keys", () => {
    expect(() => parseForm("a[b=1")).toThrow(FormSyntaxError);
    expect(() => parseForm("[x]=1")).toThrow(FormSyntaxError);
  });
});
