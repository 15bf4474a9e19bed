import sanitizeHtml from 'sanitize-html';

/**
 * The HTML the listing description may keep: what the marketplace's rich text editor produces
 * (paragraphs, line breaks, bold/italic/underline, headings, bulleted and numbered lists,
 * indentation via nested lists or blockquote) and links. No scripts, styles, event handlers,
 * images, iframes or forms.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'blockquote',
    'a',
  ],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Tags outside the list are dropped but their text is kept; script/style bodies are dropped entirely.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    // Links in a listing open outside the marketplace and carry no referrer or opener.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
  },
};

// rel/target are set by the transform, so they must be allowed on output.
options.allowedAttributes = { a: ['href', 'title', 'rel', 'target'] };

/** Sanitises listing description HTML to the allow-list above. Idempotent: sanitising twice changes nothing. */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** The visible text of description HTML (every tag removed), used for the "available only in" rule. */
export function descriptionText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
