/** A form's error, announced to screen readers as it appears; nothing when there is no error. */
export function FormError({ message, className }: { message?: string | null | false; className?: string }) {
  if (!message) return null;
  return (
    <p className={className ? `form-error ${className}` : 'form-error'} role="alert">
      {message}
    </p>
  );
}
