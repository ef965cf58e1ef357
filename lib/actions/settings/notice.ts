/** What a settings action returns on success: a sentence for the form's live region. */
export interface Notice {
  message: string;
}
