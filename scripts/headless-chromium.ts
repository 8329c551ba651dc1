/**
 * Headless Chromium as this project drives it: Debian's package (`.ci/run` installs it; no
 * browser download is possible here), with the flags that keep it off the network. Without
 * the background-networking flags Chromium's own connections are refused by a closed network,
 * many at a time. Used by the calibration captures and the report.html browser test.
 */

/** The browser's executable: `$CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium'

/** Launch flags: headless, no sandbox (CI runs as root), nothing fetched in the background. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
