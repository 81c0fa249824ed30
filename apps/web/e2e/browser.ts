/**
 * How Playwright launches Chromium: Debian's, never a downloaded browser. The config uses it for every
 * spec; a spec that needs more flags (fake camera and microphone) spreads it and adds its own.
 */
export const chromiumLaunch = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/** Fake media devices with no permission prompt, and sound that may start without a click. */
export const fakeMediaArgs = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"];
