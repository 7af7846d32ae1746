/**
 * The one colour rule for scripts (pure): a hex colour (#rgb, #rgba, #rrggbb, #rrggbbaa) or a
 * CSS named colour (CSS Color 4's list, case-insensitive). Anything else is refused with a
 * "did you mean" for a near name.
 */
import { didYouMean } from './did-you-mean';

/** The CSS named colours (CSS Color Module Level 4), lower case, plus `transparent`. */
export const CSS_COLOUR_NAMES: readonly string[] = (
  'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
  'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray ' +
  'darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
  'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue ' +
  'firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew ' +
  'hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
  'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
  'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue ' +
  'mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred ' +
  'midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
  'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
  'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
  'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white ' +
  'whitesmoke yellow yellowgreen transparent'
).split(' ');
const NAMES = new Set(CSS_COLOUR_NAMES);
const HEX = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/**
 * Why `v` is not a colour, or null when it is one: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` or a CSS
 * colour name (any case). The message says what was expected and what was found.
 */
export const colourProblem = (v: unknown): string | null => {
  if (typeof v === 'string' && (HEX.test(v) || NAMES.has(v.toLowerCase()))) return null;
  const shown = typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : (JSON.stringify(v) ?? 'nothing');
  const hint = typeof v === 'string' && !v.startsWith('#') ? didYouMean(v, CSS_COLOUR_NAMES) : '';
  return `must be a hex colour (#rgb, #rgba, #rrggbb or #rrggbbaa, like "#0b1020") or a CSS colour name like "white", but got ${shown}${hint}`;
};

/** True when `v` is a colour by colourProblem's rule. */
export const isColour = (v: unknown): v is string => colourProblem(v) === null;
