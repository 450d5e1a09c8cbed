import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A destructive button that asks first, inline rather than with `window.confirm`, so the question can be themed,
 * read by screen readers and answered from the keyboard; focus moves to the answer and back.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
  tone = 'danger',
}: {
  /** The button's text; include what it acts on (visually hidden if need be) so every such button has its own name. */
  label: ReactNode;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  /** `neutral` for an action that undoes harm, such as reactivating. */
  tone?: 'danger' | 'neutral';
}) {
  const buttonClass = tone === 'danger' ? 'nv-button nv-button--danger' : 'nv-button';
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={buttonClass}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    // The question is the legend, so moving focus to the answer reads it out.
    <fieldset className="nv-confirm">
      <legend className="nv-confirm__question">{question}</legend>
      <button
        ref={confirmRef}
        type="button"
        className={buttonClass}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="nv-button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}
