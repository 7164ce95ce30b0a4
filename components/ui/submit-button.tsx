"use client";
// A form's submit button that shows the form's pending state (useFormStatus),
// so every form gets "Saving…" and double-submit protection for free.
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button";

export function SubmitButton({ pending, ...props }: Omit<ButtonProps, "type">) {
  const status = useFormStatus();
  return <Button type="submit" pending={pending || status.pending} {...props} />;
}
