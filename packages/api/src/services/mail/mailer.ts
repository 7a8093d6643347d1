/** One outgoing mail: plain text (links stay on their own line) and the same as simple HTML. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends account and invitation mail; SMTP in production, files in embedded mode and tests. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Escapes text for the HTML part of a mail. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A mail whose body is a few paragraphs and one action link. */
export function linkMail(input: {
  to: string;
  subject: string;
  paragraphs: string[];
  linkLabel: string;
  url: string;
}): Mail {
  const text = [...input.paragraphs, `${input.linkLabel}:`, input.url, ''].join('\n\n');
  const html = [
    ...input.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(input.linkLabel)}</a></p>`,
  ].join('\n');
  return { to: input.to, subject: input.subject, text, html };
}
