// Copies the icons (and the nodes' codex JSON files) next to the compiled code,
// where n8n resolves `file:` icon paths and codex data at load time.
const { src, dest, parallel } = require('gulp');

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function codex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(icons, codex);
