import { Button, type ButtonProps } from "@/components/ui/button";

/** A form that POSTs to /auth/signout (GET is refused there, so links can't sign anyone out). */
export function SignOutButton({ className, variant = "ghost", size = "sm" }: Pick<ButtonProps, "className" | "variant" | "size">) {
  return (
    <form action="/auth/signout" method="post">
      <Button type="submit" variant={variant} size={size} className={className}>
        Sign out
      </Button>
    </form>
  );
}
