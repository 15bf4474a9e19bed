import type { InboxAddress, InboxMessage } from './inboxStore';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const addresses = (list: InboxAddress[]): string =>
  list.map((a) => escapeHtml(a.displayName ? `${a.displayName} <${a.address}>` : a.address)).join(', ');

/**
 * The inbox as a page for a developer: newest first, with subject, recipients and time, and the
 * body. HTML bodies are shown in a sandboxed iframe (no scripts, no same origin), so a message
 * cannot run code in the page.
 */
export function renderInboxPage(messages: InboxMessage[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (m) => `<article id="${escapeHtml(m.id)}">
  <h2>${escapeHtml(m.subject)}</h2>
  <dl>
    <dt>To</dt><dd>${addresses(m.to)}</dd>
    ${m.cc.length ? `<dt>Cc</dt><dd>${addresses(m.cc)}</dd>` : ''}
    ${m.bcc.length ? `<dt>Bcc</dt><dd>${addresses(m.bcc)}</dd>` : ''}
    <dt>From</dt><dd>${escapeHtml(m.senderAddress)}</dd>
    <dt>Received</dt><dd><time datetime="${m.receivedAt}">${m.receivedAt}</time></dd>
    ${m.attachments.length ? `<dt>Attachments</dt><dd>${m.attachments.map((a) => `${escapeHtml(a.name)} (${escapeHtml(a.contentType)}, ${a.sizeBytes} bytes)`).join(', ')}</dd>` : ''}
  </dl>
  ${m.plainText !== undefined ? `<pre>${escapeHtml(m.plainText)}</pre>` : ''}
  ${m.html !== undefined ? `<iframe sandbox="" srcdoc="${escapeHtml(m.html)}" title="HTML body"></iframe>` : ''}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Local inbox (${messages.length})</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
article { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
dl { display: grid; grid-template-columns: 8rem 1fr; margin: 0; }
dt { font-weight: bold; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; }
iframe { width: 100%; min-height: 12rem; border: 1px solid #ddd; }
</style>
</head>
<body>
<h1>Local inbox</h1>
<p>${messages.length} message(s). JSON: <a href="/messages">/messages</a></p>
${items || '<p>No messages yet.</p>'}
</body>
</html>
`;
}
