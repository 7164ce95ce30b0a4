// The Supabase CLI prints generated types unformatted; TypeScript's own
// formatter makes database.types.ts readable without another dependency.
import ts from "typescript";

export function formatTypeScript(source: string, fileName = "file.ts"): string {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => (name === fileName ? ts.ScriptSnapshot.fromString(source) : undefined),
    getCurrentDirectory: () => "/",
    getCompilationSettings: () => ({}),
    getDefaultLibFileName: () => "lib.d.ts",
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? source : undefined),
  };
  const service = ts.createLanguageService(host);
  const edits = service.getFormattingEditsForDocument(fileName, {
    ...ts.getDefaultFormatCodeSettings("\n"),
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Ignore,
  });
  let text = source;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.start + edit.span.length);
  }
  // Blank lines the generator leaves inside object types carry no meaning.
  return text.replace(/\{\n(\s*\n)+/g, "{\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
