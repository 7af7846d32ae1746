import React from 'react';
import { Composition } from 'remotion';
import { calculateLandscapeMetadata } from './compositions/landscape/calculate-metadata';
import { Landscape } from './compositions/landscape/Landscape';
import { LANDSCAPE_SIZE, landscapeSchema } from './compositions/landscape/schema';
import { calculateTikTokSplitMetadata } from './compositions/tiktok-split/calculate-metadata';
import { TikTokSplit } from './compositions/tiktok-split/TikTokSplit';
import { TIKTOK_SIZE, tiktokSplitSchema } from './compositions/tiktok-split/schema';
import { calculateSquareMetadata } from './compositions/square/calculate-metadata';
import { SQUARE_SIZE, squareSchema } from './compositions/square/schema';
import { calculatePortraitMetadata } from './compositions/portrait/calculate-metadata';
import { PORTRAIT_SIZE, portraitSchema } from './compositions/portrait/schema';

// Duration and fps come from the capture (calculateMetadata); these are placeholders.
//
// Studio saves a designer's edits of the props panel here, so each composition's id is a string
// literal and its defaultProps an object literal written out in full (what Remotion's save-to-code
// rewrites; see docs/studio.md). They start as the schemas' defaults: tests/studio/root-defaults.test.ts
// checks they parse with each schema, equal its defaults, and the ids are src/formats.ts's.
export const Root: React.FC = () => (
  <>
    <Composition
      id="Landscape"
      component={Landscape}
      width={LANDSCAPE_SIZE.width}
      height={LANDSCAPE_SIZE.height}
      fps={30}
      durationInFrames={300}
      schema={landscapeSchema}
      calculateMetadata={calculateLandscapeMetadata}
      defaultProps={{
        capture: 'samples/ink-deploy',
        title: 'Ink — deploy my-app',
        style: {
          background: {
            type: 'gradient' as const,
            from: '#1e1b4b',
            to: '#0e7490',
            angle: 135,
          },
          padding: 0.06,
          cornerRadius: 18,
          shadow: 0.55,
          windowFrame: true,
          cursorSize: 1,
          clickRipple: true,
          captions: {
            enabled: true,
            preset: 'clean' as const,
            fontSize: 54,
            color: '#ffffff',
            highlight: '#facc15',
            box: '#0b0b14',
            boxOpacity: 0.72,
            maxWords: 6,
            codeFont: true,
          },
          motion: {
            autoZoom: true,
            zoomLevel: 2,
            zoomOnTyping: true,
            edgeSnap: 0.25,
            cursorFeel: 'smooth' as const,
            hideIdleCursor: true,
          },
          overlays: {
            keystrokes: 'off' as const,
            speedBadge: true,
            clickSound: false,
          },
          edit: {
            idle: {
              enabled: true,
              afterMs: 1500,
              factor: 6,
              cut: false,
            },
            typing: {
              enabled: true,
              afterMs: 5000,
              factor: 2,
            },
            keepMs: 500,
            crossfadeMs: 300,
          },
          terminal: {
            sharpText: true,
          },
          motionBlur: {
            enabled: false,
            shutter: 0.5,
            minPx: 4,
            maxSamples: 12,
          },
          avatar: {
            provider: 'builtin' as const,
            color: '#38bdf8',
            bubbleSize: 0.24,
          },
        },
      }}
    />
    <Composition
      id="TikTokSplit"
      component={TikTokSplit}
      width={TIKTOK_SIZE.width}
      height={TIKTOK_SIZE.height}
      fps={30}
      durationInFrames={300}
      schema={tiktokSplitSchema}
      calculateMetadata={calculateTikTokSplitMetadata}
      defaultProps={{
        capture: 'samples/ink-deploy',
        title: 'Deploy a Next.js app from your terminal',
        subtitle: 'One command. Live in seconds.',
        brand: 'ink · ml.ink',
        accent: '#67e8f9',
        style: {
          background: {
            type: 'gradient' as const,
            from: '#1e1b4b',
            to: '#0e7490',
            angle: 135,
          },
          padding: 0.045,
          cornerRadius: 18,
          shadow: 0.55,
          windowFrame: true,
          cursorSize: 1,
          clickRipple: true,
          captions: {
            enabled: true,
            preset: 'clean' as const,
            fontSize: 54,
            color: '#ffffff',
            highlight: '#facc15',
            box: '#0b0b14',
            boxOpacity: 0.72,
            maxWords: 6,
            codeFont: true,
          },
          motion: {
            autoZoom: true,
            zoomLevel: 2,
            zoomOnTyping: true,
            edgeSnap: 0.25,
            cursorFeel: 'smooth' as const,
            hideIdleCursor: true,
          },
          overlays: {
            keystrokes: 'off' as const,
            speedBadge: true,
            clickSound: false,
          },
          edit: {
            idle: {
              enabled: true,
              afterMs: 1500,
              factor: 6,
              cut: false,
            },
            typing: {
              enabled: true,
              afterMs: 5000,
              factor: 2,
            },
            keepMs: 500,
            crossfadeMs: 300,
          },
          terminal: {
            sharpText: true,
          },
          motionBlur: {
            enabled: false,
            shutter: 0.5,
            minPx: 4,
            maxSamples: 12,
          },
          avatar: {
            provider: 'builtin' as const,
            color: '#38bdf8',
            bubbleSize: 0.24,
          },
        },
      }}
    />
    {/* Square draws like TikTokSplit (screen on top, avatar and title below) in a 1:1 frame. */}
    <Composition
      id="Square"
      component={TikTokSplit}
      width={SQUARE_SIZE.width}
      height={SQUARE_SIZE.height}
      fps={30}
      durationInFrames={300}
      schema={squareSchema}
      calculateMetadata={calculateSquareMetadata}
      defaultProps={{
        capture: 'samples/ink-deploy',
        title: 'Deploy a Next.js app from your terminal',
        subtitle: 'One command. Live in seconds.',
        brand: 'ink · ml.ink',
        accent: '#67e8f9',
        style: {
          background: {
            type: 'gradient' as const,
            from: '#1e1b4b',
            to: '#0e7490',
            angle: 135,
          },
          padding: 0.045,
          cornerRadius: 18,
          shadow: 0.55,
          windowFrame: true,
          cursorSize: 1,
          clickRipple: true,
          captions: {
            enabled: true,
            preset: 'clean' as const,
            fontSize: 54,
            color: '#ffffff',
            highlight: '#facc15',
            box: '#0b0b14',
            boxOpacity: 0.72,
            maxWords: 6,
            codeFont: true,
          },
          motion: {
            autoZoom: true,
            zoomLevel: 2,
            zoomOnTyping: true,
            edgeSnap: 0.25,
            cursorFeel: 'smooth' as const,
            hideIdleCursor: true,
          },
          overlays: {
            keystrokes: 'off' as const,
            speedBadge: true,
            clickSound: false,
          },
          edit: {
            idle: {
              enabled: true,
              afterMs: 1500,
              factor: 6,
              cut: false,
            },
            typing: {
              enabled: true,
              afterMs: 5000,
              factor: 2,
            },
            keepMs: 500,
            crossfadeMs: 300,
          },
          terminal: {
            sharpText: true,
          },
          motionBlur: {
            enabled: false,
            shutter: 0.5,
            minPx: 4,
            maxSamples: 12,
          },
          avatar: {
            provider: 'builtin' as const,
            color: '#38bdf8',
            bubbleSize: 0.24,
          },
        },
      }}
    />
    {/* Portrait draws like Square (screen on top, avatar and title below) in a 4:5 frame. */}
    <Composition
      id="Portrait"
      component={TikTokSplit}
      width={PORTRAIT_SIZE.width}
      height={PORTRAIT_SIZE.height}
      fps={30}
      durationInFrames={300}
      schema={portraitSchema}
      calculateMetadata={calculatePortraitMetadata}
      defaultProps={{
        capture: 'samples/ink-deploy',
        title: 'Deploy a Next.js app from your terminal',
        subtitle: 'One command. Live in seconds.',
        brand: 'ink · ml.ink',
        accent: '#67e8f9',
        style: {
          background: {
            type: 'gradient' as const,
            from: '#1e1b4b',
            to: '#0e7490',
            angle: 135,
          },
          padding: 0.045,
          cornerRadius: 18,
          shadow: 0.55,
          windowFrame: true,
          cursorSize: 1,
          clickRipple: true,
          captions: {
            enabled: true,
            preset: 'clean' as const,
            fontSize: 54,
            color: '#ffffff',
            highlight: '#facc15',
            box: '#0b0b14',
            boxOpacity: 0.72,
            maxWords: 6,
            codeFont: true,
          },
          motion: {
            autoZoom: true,
            zoomLevel: 2,
            zoomOnTyping: true,
            edgeSnap: 0.25,
            cursorFeel: 'smooth' as const,
            hideIdleCursor: true,
          },
          overlays: {
            keystrokes: 'off' as const,
            speedBadge: true,
            clickSound: false,
          },
          edit: {
            idle: {
              enabled: true,
              afterMs: 1500,
              factor: 6,
              cut: false,
            },
            typing: {
              enabled: true,
              afterMs: 5000,
              factor: 2,
            },
            keepMs: 500,
            crossfadeMs: 300,
          },
          terminal: {
            sharpText: true,
          },
          motionBlur: {
            enabled: false,
            shutter: 0.5,
            minPx: 4,
            maxSamples: 12,
          },
          avatar: {
            provider: 'builtin' as const,
            color: '#38bdf8',
            bubbleSize: 0.24,
          },
        },
      }}
    />
  </>
);
