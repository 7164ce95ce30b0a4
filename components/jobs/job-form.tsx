"use client";
// Starts a job: what to run, then that type's one parameter. Errors (bad
// parameters, not allowed, monthly quota used up) show here next to the fields.
import { useActionState, useEffect, useRef, useState } from "react";
import { formError } from "@/components/projects/form-error";
import { Select } from "@/components/projects/form-controls";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { createJobAction } from "@/lib/jobs/actions";
import { JOB_TYPE_LABELS, REPORT_TITLE_MAX, type JobType } from "@/lib/jobs/schema";

const ERROR_ID = "create-job-error";

export function JobForm({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const [state, formAction] = useActionState(createJobAction, undefined);
  const [jobType, setJobType] = useState<JobType>((state?.values?.jobType as JobType | undefined) ?? "export_project");
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  // React resets the form after every action, which would put the type select
  // back on its first option under the fields of the type still chosen. A new
  // key per answer remounts it with the current type as its default instead.
  const [answered, setAnswered] = useState(state);
  const [version, setVersion] = useState(0);
  if (answered !== state) {
    setAnswered(state);
    setVersion(version + 1);
  }

  // A new job is in the list right away; the panel then polls until it is done.
  useEffect(() => {
    if (state?.ok) onCreated();
  }, [state, onCreated]);

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="projectId" value={projectId} />
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="What to run" error={state?.fieldErrors?.jobType}>
          <Select key={version} name="jobType" defaultValue={jobType} onChange={(event) => setJobType(event.target.value as JobType)}>
            {(Object.keys(JOB_TYPE_LABELS) as JobType[]).map((type) => (
              <option key={type} value={type}>
                {JOB_TYPE_LABELS[type]}
              </option>
            ))}
          </Select>
        </Field>
        {jobType === "export_project" ? (
          <Field label="Format" error={state?.fieldErrors?.format}>
            <Select name="format" defaultValue={state?.values?.format ?? "json"}>
              <option value="json">JSON (project, members, jobs)</option>
              <option value="csv">CSV (members)</option>
            </Select>
          </Field>
        ) : (
          <Field label="Report title" hint={`Up to ${REPORT_TITLE_MAX} characters.`} error={state?.fieldErrors?.title}>
            <Input name="title" autoComplete="off" defaultValue={state?.values?.title ?? "Project report"} />
          </Field>
        )}
      </div>
      <div>
        <SubmitButton pendingLabel="Starting…">Run job</SubmitButton>
      </div>
    </form>
  );
}
