// A round picture of the user, or their initials when there is none.
import { cn } from "./cn";

export function initialsOf(name: string | null | undefined, email: string | null | undefined): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return `${words[0]![0]}${words[words.length - 1]![0]}`.toUpperCase();
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return (email ?? "?").slice(0, 1).toUpperCase();
}

/** `alt` defaults to "" (decorative, next to the name); give one where the picture stands alone. */
export function Avatar({ src, name, email, size = 32, className, alt = "" }: { src?: string | null; name?: string | null; email?: string | null; size?: number; className?: string; alt?: string }) {
  const style = { width: size, height: size };
  if (src) {
    // A plain <img>: avatars come from the Supabase storage host, which next/image would need configured per project.
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={src} alt={alt} width={size} height={size} style={style} className={cn("shrink-0 rounded-full border border-border object-cover", className)} />;
  }
  return (
    <span
      aria-hidden="true"
      style={{ ...style, fontSize: Math.round(size * 0.4) }}
      className={cn("inline-flex shrink-0 items-center justify-center rounded-full bg-accent/15 font-semibold text-accent", className)}
    >
      {initialsOf(name, email)}
    </span>
  );
}
