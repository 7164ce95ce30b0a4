"use client";
// After a failed submit, moves focus to the first invalid control so keyboard
// and screen-reader users land on what to fix; with only a form-level error,
// to that message (give it tabIndex={-1}) so it is read out in context.
import { useEffect, type RefObject } from "react";
import type { ActionState } from "@/lib/action";

export function useFocusFirstError(formRef: RefObject<HTMLFormElement | null>, state: ActionState | undefined, formMessageId?: string) {
  useEffect(() => {
    const form = formRef.current;
    if (!form || !state) return;
    const hasFieldErrors = Object.keys(state.fieldErrors ?? {}).length > 0;
    if (hasFieldErrors) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } else if (state.error && formMessageId) {
      document.getElementById(formMessageId)?.focus();
    }
  }, [formRef, state, formMessageId]);
}
