import { startTransition, type FormEvent } from 'react';

/**
 * An `onSubmit` for forms driven by `useActionState`. Passed as `action={…}` alone, React resets
 * the form after every submission, and that reset also moves controlled `<select>`s back to their
 * first-rendered option while their state stays put — a failed "Add user" then resubmits as
 * Viewer, and a saved role snaps back on screen. Dispatching from here skips the reset; forms keep
 * `action={dispatch}` too, so they still work before hydration. Forms clear their own state after
 * a success.
 */
export function submitWithoutReset(dispatch: (payload: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  };
}
