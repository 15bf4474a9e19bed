import { type AssetProblem, assetProblem } from './assetProblem';

export type VideoProvider = 'youtube' | 'vimeo';

export type VideoUrlCheck =
  { ok: true; provider: VideoProvider; videoId: string; url: string } | { ok: false; problem: AssetProblem };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^[0-9]{1,12}$/;
const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com']);

/**
 * Listing and test drive videos must be on YouTube or Vimeo. Accepts the usual shapes of a
 * video's address and returns one canonical form, so the same video always reads the same:
 * - YouTube: `youtu.be/<id>`, `youtube.com/watch?v=<id>`, `/embed/<id>`, `/shorts/<id>`,
 *   `/live/<id>`, `/v/<id>` (also m. and youtube-nocookie.com) -> `https://www.youtube.com/watch?v=<id>`
 * - Vimeo: `vimeo.com/<id>`, `vimeo.com/channels/<name>/<id>`, `player.vimeo.com/video/<id>`
 *   -> `https://vimeo.com/<id>`
 * Anything else (other hosts, look-alike hosts, credentials or ports in the URL, playlists
 * without a video, non-http schemes) is refused.
 */
export function normaliseVideoUrl(input: string, label = 'video URL'): VideoUrlCheck {
  const refuse = (why: string): VideoUrlCheck => ({
    ok: false,
    problem: assetProblem('videoUrlInvalid', `${label} ${why}`),
  });
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return refuse('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must be an http(s) address');
  if (url.username || url.password || url.port) return refuse('must not carry credentials or a port');
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s.length > 0);

  if (host === 'youtu.be') return youtube(segments[0]);
  if (YOUTUBE_HOSTS.has(host)) {
    if (segments.length === 1 && segments[0] === 'watch')
      return youtube(url.searchParams.get('v') ?? undefined);
    if (segments.length === 2 && ['embed', 'shorts', 'live', 'v'].includes(segments[0]!))
      return youtube(segments[1]);
    return refuse('is a YouTube address but not of a single video');
  }
  if (host === 'player.vimeo.com') {
    return segments.length === 2 && segments[0] === 'video'
      ? vimeo(segments[1])
      : refuse('is not a Vimeo video');
  }
  if (VIMEO_HOSTS.has(host)) {
    if (segments.length === 1) return vimeo(segments[0]);
    if (segments.length === 3 && segments[0] === 'channels') return vimeo(segments[2]);
    return refuse('is a Vimeo address but not of a single video');
  }
  return refuse('must be a YouTube or Vimeo video');

  function youtube(id: string | undefined): VideoUrlCheck {
    if (!id || !YOUTUBE_ID.test(id)) return refuse('has no valid YouTube video id');
    return { ok: true, provider: 'youtube', videoId: id, url: `https://www.youtube.com/watch?v=${id}` };
  }
  function vimeo(id: string | undefined): VideoUrlCheck {
    if (!id || !VIMEO_ID.test(id)) return refuse('has no valid Vimeo video id');
    return { ok: true, provider: 'vimeo', videoId: id, url: `https://vimeo.com/${id}` };
  }
}
