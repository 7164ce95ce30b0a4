import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import type { Notice } from "@/lib/auth/notices";

/** The panel every auth page sits in: a heading, an optional notice, the form, and links under it. */
export function AuthCard({ title, description, notice, footer, children }: { title: string; description?: ReactNode; notice?: Notice; footer?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1.5 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="text-sm text-muted">{description}</p>}
      </div>
      <Card className="flex flex-col gap-5 p-5 sm:p-6">
        {notice && (
          <FormMessage tone={notice.tone} title={notice.title}>
            {notice.body}
          </FormMessage>
        )}
        {children}
      </Card>
      {footer && <div className="text-center text-sm text-muted">{footer}</div>}
    </div>
  );
}
