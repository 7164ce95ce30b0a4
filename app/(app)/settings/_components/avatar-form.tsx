"use client";
// Uploads the picture from the browser straight to Storage (row level
// security limits it to the user's own folder; the bucket limits type and
// size), then asks the server to record it as the user's avatar.
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useHydrated } from "@/components/ui/use-hydrated";
import { removeAvatar, saveAvatar } from "@/lib/auth/account-actions";
import { AVATAR_ACCEPT, AVATAR_BUCKET, AVATAR_RULE, avatarFileProblem, avatarPath, isAvatarType } from "@/lib/auth/avatar";
import { createClient } from "@/lib/supabase/client";

type Outcome = { tone: "error" | "success"; text: string } | null;

export function AvatarForm({ userId, avatarUrl, name, email }: { userId: string; avatarUrl: string | null; name: string | null; email: string | null }) {
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [uploading, startUpload] = useTransition();
  const [removing, startRemove] = useTransition();
  const inputRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  // The upload runs in the browser: before hydration the form would submit as a plain GET.
  const hydrated = useHydrated();

  function fail(text: string, onField = false) {
    setOutcome(onField ? null : { tone: "error", text });
    setFieldError(onField ? text : undefined);
    if (onField) inputRef.current?.focus();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    const problem = avatarFileProblem(file);
    if (problem || !file || !isAvatarType(file.type)) return fail(problem ?? "Choose an image to upload.", true);
    const type = file.type;
    startUpload(async () => {
      const path = avatarPath(userId, type);
      const { error } = await createClient().storage.from(AVATAR_BUCKET).upload(path, file, { upsert: true, contentType: type, cacheControl: "3600" });
      if (error) return fail(`The upload failed: ${error.message}. Please try again.`);
      const form = new FormData();
      form.set("path", path);
      const result = await saveAvatar(undefined, form);
      if (result.error) return fail(result.error);
      setFieldError(undefined);
      setOutcome({ tone: "success", text: result.message ?? "Your picture was updated." });
      if (inputRef.current) inputRef.current.value = "";
    });
  }

  function onRemove() {
    startRemove(async () => {
      const result = await removeAvatar(undefined, new FormData());
      setFieldError(undefined);
      setOutcome(result.error ? { tone: "error", text: result.error } : { tone: "success", text: result.message ?? "Your picture was removed." });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <div className="flex items-center gap-4">
        <Avatar src={avatarUrl} name={name} email={email} size={64} alt={avatarUrl ? "Your profile picture" : undefined} />
        <Field label="Profile picture" hint={AVATAR_RULE} error={fieldError} className="min-w-0 flex-1">
          <Input ref={inputRef} name="avatar" type="file" accept={AVATAR_ACCEPT} onChange={() => setFieldError(undefined)} />
        </Field>
      </div>
      <FormMessage id={messageId} tone={outcome?.tone}>{outcome?.text}</FormMessage>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={uploading} pendingLabel="Uploading…" disabled={!hydrated}>
          Upload picture
        </Button>
        {avatarUrl && (
          <Button variant="secondary" onClick={onRemove} pending={removing} pendingLabel="Removing…" disabled={uploading || !hydrated}>
            Remove picture
          </Button>
        )}
      </div>
    </form>
  );
}
