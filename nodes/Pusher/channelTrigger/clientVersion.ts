/** This package's version, sent to Pusher as the client version. Written by scripts/clientVersion.cjs from package.json. */
export const CLIENT_VERSION = '0.1.0';
