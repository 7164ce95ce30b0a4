"use client";
// Search by name. A GET form: the query goes into the URL (?q=), so the
// result can be bookmarked, reloaded and reached with back/forward.
import Form from "next/form";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Input } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";

export function ProjectSearch({ q }: { q: string }) {
  const input = useRef<HTMLInputElement>(null);
  // Back/forward or Clear changes ?q=: show it, unless the person is typing a
  // new search, which arriving results must not wipe.
  useEffect(() => {
    const field = input.current;
    if (field && document.activeElement !== field) field.value = q;
  }, [q]);

  return (
    <Form action="/dashboard" role="search" className="flex w-full gap-2 sm:max-w-md">
      <label htmlFor="project-search" className="sr-only">
        Search projects by name
      </label>
      <Input ref={input} id="project-search" name="q" type="search" defaultValue={q} placeholder="Search projects" autoComplete="off" className="min-w-0" />
      <button type="submit" className={buttonClasses({ variant: "secondary" })}>
        Search
      </button>
      {q && (
        <Link href="/dashboard" className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      )}
    </Form>
  );
}
