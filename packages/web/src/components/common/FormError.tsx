/** A form's error, announced to screen readers as it appears; nothing when there is no error. */
export function FormError({ message }: { message?: string | null | false }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
