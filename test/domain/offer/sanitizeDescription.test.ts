import { descriptionText, sanitizeDescription } from '../../../domain/offer/sanitizeDescription';

describe('sanitizeDescription', () => {
  it('When the HTML holds a script, then the script and its content are removed', () => {
    expect(sanitizeDescription('<p>Hi</p><script>alert("x")</script>')).toBe('<p>Hi</p>');
  });

  it('When allowed tags are used, then they are kept', () => {
    const html =
      '<h2>Title</h2><p><strong>a</strong> <b>b</b> <em>c</em> <i>d</i> <u>e</u><br /></p><ul><li>x</li></ul><ol><li>y</li></ol><blockquote>q</blockquote>';
    expect(sanitizeDescription(html)).toBe(
      '<h2>Title</h2><p><strong>a</strong> <b>b</b> <em>c</em> <i>d</i> <u>e</u><br /></p><ul><li>x</li></ul><ol><li>y</li></ol><blockquote>q</blockquote>',
    );
  });

  it('When event handlers, styles, images and iframes are present, then they are removed', () => {
    const html =
      '<p onclick="x()" style="color:red">t</p><img src="x" onerror="y()"><iframe src="https://e.example"></iframe><style>p{}</style>';
    expect(sanitizeDescription(html)).toBe('<p>t</p>');
  });

  it('When a link has a javascript: URL, then the href is dropped; http(s) links are kept with safe rel and target', () => {
    expect(sanitizeDescription('<a href="javascript:alert(1)">x</a>')).toBe(
      '<a rel="nofollow noopener noreferrer" target="_blank">x</a>',
    );
    expect(sanitizeDescription('<a href="https://contoso.example">x</a>')).toBe(
      '<a href="https://contoso.example" rel="nofollow noopener noreferrer" target="_blank">x</a>',
    );
  });

  it('When a sanitised value is sanitised again, then it does not change', () => {
    const once = sanitizeDescription('<p>a & b < c <a href="https://x.example">l</a></p><script>x</script>');
    expect(sanitizeDescription(once)).toBe(once);
  });

  it('When the visible text is taken, then tags are removed and entities decoded', () => {
    expect(descriptionText('<p><b>This</b> &amp; that</p>')).toBe('This & that');
  });
});
