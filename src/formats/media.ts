/** What a response's media type says about how its body is kept. */

/** audio/*, image/*, video/* and octet-stream bodies are kept as base64. */
export function isBinaryContentType(contentType: string | null | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
  return /^(audio|image|video)\//.test(media) || media === 'application/octet-stream'
}

/** Whether the media type is `text/event-stream` (a server-sent event stream). */
export function isEventStream(contentType: string | null | undefined): boolean {
  return (contentType ?? '').trim().toLowerCase().startsWith('text/event-stream')
}
