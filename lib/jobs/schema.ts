// The job types the app offers and the parameters each takes, parsed with
// zod. The same schemas guard both ends: the create action (a bad value gets a
// message next to its field, nothing is inserted) and the worker (a row written
// some other way with bad parameters fails at once instead of retrying).
import { z } from "zod";
import { projectIdSchema } from "@/lib/projects/schema";

export const REPORT_TITLE_MAX = 100;

// Line breaks and other control characters would break the report's heading.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const exportProjectParameters = z.strictObject({
  format: z.enum(["json", "csv"], { error: "Choose JSON or CSV." }),
});

export const generateReportParameters = z.strictObject({
  title: z
    .string({ error: "Enter a title for the report." })
    .trim()
    .min(1, { error: "Enter a title for the report." })
    .refine((title) => [...title].length <= REPORT_TITLE_MAX, { error: `Keep the title to ${REPORT_TITLE_MAX} characters or fewer.` })
    .refine((title) => !CONTROL_CHARACTERS.test(title), { error: "The title can't contain line breaks or control characters." }),
});

/** Each job type's parameters; the worker runs only these types. */
export const JOB_PARAMETERS = {
  export_project: exportProjectParameters,
  generate_report: generateReportParameters,
} as const;

export type JobType = keyof typeof JOB_PARAMETERS;
export const JOB_TYPES = Object.keys(JOB_PARAMETERS) as JobType[];

export const JOB_TYPE_LABELS: Record<JobType, string> = {
  export_project: "Export project data",
  generate_report: "Project report",
};

export function isJobType(value: string): value is JobType {
  return Object.hasOwn(JOB_PARAMETERS, value);
}

// The create form sends flat fields; the job type decides which of them are
// its parameters. A discriminated union keeps each type's fields separate.
export const createJobSchema = z.discriminatedUnion(
  "jobType",
  [
    z.object({ projectId: projectIdSchema, jobType: z.literal("export_project"), format: exportProjectParameters.shape.format }),
    z.object({ projectId: projectIdSchema, jobType: z.literal("generate_report"), title: generateReportParameters.shape.title }),
  ],
  { error: "Choose what to run: an export or a report." },
);

export type CreateJobInput = z.output<typeof createJobSchema>;

/** The parameters column for a parsed create request. */
export function parametersOf(input: CreateJobInput): Record<string, string> {
  return input.jobType === "export_project" ? { format: input.format } : { title: input.title };
}

export const jobRefSchema = z.object({ projectId: projectIdSchema, jobId: z.guid({ error: "That is not a valid job id." }) });
