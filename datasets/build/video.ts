/**
 * Sample HLS clips made with ffmpeg (Debian package): 10 s, 640x360, 25 fps, H.264 baseline,
 * MPEG-TS segments named .m2ts (not .ts, which TypeScript tooling would try to parse),
 * ~200 kbit/s, 2 s segments, generated from lavfi test sources with a drawtext label.
 * A clip is regenerated only when its recipe (recorded in recipe.txt) changed or when forced,
 * so that a rebuild on another machine with another ffmpeg does not churn committed video.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Clip } from './people.js';

const SOURCES: Record<Clip, string> = {
  testsrc2: 'testsrc2=size=640x360:rate=25',
  smptebars: 'smptebars=size=640x360:rate=25',
  mandelbrot: 'mandelbrot=size=640x360:rate=25:end_scale=0.02',
  life: 'life=size=640x360:rate=25:seed=20261128:mold=10:life_color=#00ff88:death_color=#003322',
  rgbtestsrc: 'rgbtestsrc=size=640x360:rate=25',
};
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function recipe(clip: Clip, withText: boolean): string[] {
  const label = `drawtext=fontfile=${FONT}:text='GridCommand demo  ${clip}  %{pts\\:hms}':fontsize=22:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=6:x=12:y=12`;
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', SOURCES[clip], '-t', '10',
    ...(withText ? ['-vf', label] : []),
    '-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.0', '-pix_fmt', 'yuv420p',
    '-preset', 'medium', '-b:v', '200k', '-maxrate', '260k', '-bufsize', '520k',
    '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-threads', '1', '-an',
    '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1',
    '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_playlist_type', 'vod',
    '-hls_segment_filename', 'seg_%03d.m2ts', 'index.m3u8',
  ];
}

function hasDrawtext(ffmpeg: string): boolean {
  try {
    return execFileSync(ffmpeg, ['-hide_banner', '-filters'], { encoding: 'utf8' }).includes(' drawtext ') && fs.existsSync(FONT);
  } catch { return false; }
}

export function buildClips(videoDir: string, clips: readonly Clip[], opts: { force?: boolean; ffmpeg?: string; log: (s: string) => void }): void {
  const ffmpeg = opts.ffmpeg ?? process.env.FFMPEG ?? 'ffmpeg';
  let withText: boolean | null = null;
  for (const clip of clips) {
    const dir = path.join(videoDir, 'clips', clip);
    const stampFile = path.join(dir, 'recipe.txt');
    if (!opts.force && fs.existsSync(stampFile) && fs.existsSync(path.join(dir, 'index.m3u8'))) {
      const stamp = fs.readFileSync(stampFile, 'utf8');
      if (stamp === `${recipe(clip, true).join(' ')}\n` || stamp === `${recipe(clip, false).join(' ')}\n`) continue;
    }
    withText ??= hasDrawtext(ffmpeg);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const args = recipe(clip, withText);
    execFileSync(ffmpeg, args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    fs.writeFileSync(stampFile, `${args.join(' ')}\n`);
    opts.log(`clip ${clip}: ${fs.readdirSync(dir).length - 1} files`);
  }
}
