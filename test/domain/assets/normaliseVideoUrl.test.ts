import { normaliseVideoUrl } from '../../../domain/assets/normaliseVideoUrl';

describe('normaliseVideoUrl', () => {
  test.each([
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?t=42', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL123', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['  https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ  ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://vimeo.com/76979871', 'https://vimeo.com/76979871'],
    ['https://www.vimeo.com/76979871?share=copy', 'https://vimeo.com/76979871'],
    ['https://vimeo.com/channels/staffpicks/76979871', 'https://vimeo.com/76979871'],
    ['https://player.vimeo.com/video/76979871?h=abc', 'https://vimeo.com/76979871'],
  ])('When the URL is %s, then it normalises to %s', (input, canonical) => {
    const result = normaliseVideoUrl(input);
    expect(result.ok ? result.url : result.problem.message).toBe(canonical);
  });

  test.each([
    ['https://example.com/video.mp4', 'must be a YouTube or Vimeo video'],
    ['https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'must be a YouTube or Vimeo video'],
    ['https://notyoutube.com/watch?v=dQw4w9WgXcQ', 'must be a YouTube or Vimeo video'],
    ['https://www.youtube.com/playlist?list=PL123', 'is a YouTube address but not of a single video'],
    ['https://www.youtube.com/watch?v=short', 'has no valid YouTube video id'],
    ['https://youtu.be/', 'has no valid YouTube video id'],
    ['https://vimeo.com/staffpicks', 'has no valid Vimeo video id'],
    ['https://player.vimeo.com/api/player.js', 'is not a Vimeo video'],
    ['https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ', 'must not carry credentials or a port'],
    ['https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ', 'must not carry credentials or a port'],
    ['javascript:alert(1)', 'must be an http(s) address'],
    ['ftp://vimeo.com/76979871', 'must be an http(s) address'],
    ['not a url', 'is not a URL'],
  ])('When the URL is %s, then it is refused: %s', (input, why) => {
    expect(normaliseVideoUrl(input)).toEqual({
      ok: false,
      problem: { code: 'videoUrlInvalid', message: `video URL ${why}` },
    });
  });
});
