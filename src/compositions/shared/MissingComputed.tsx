import React from 'react';
import { AbsoluteFill } from 'remotion';

/** Shown only if a composition is rendered without its calculateMetadata (a wiring bug). */
export const MissingComputed: React.FC = () => (
  <AbsoluteFill style={{ background: '#300', color: '#fff', fontSize: 40, padding: 60 }}>
    No timeline: this composition's calculateMetadata did not run.
  </AbsoluteFill>
);
