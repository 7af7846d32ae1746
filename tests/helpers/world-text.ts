/** Text fixtures in scripts that are not left-to-right English, shared by the caption tests. */

/** 78 Chinese characters, no spaces (the example: one "word" to a space split). */
export const ZH78 =
  '我们今天在东京发布新版本欢迎大家来试用这是一个很长的句子用来测试字幕的分页和换行功能是否正常工作我们希望它不会超出画面的边界谢谢大家的支持再见朋友们明天见啦';
/** Thai, also written without spaces between words. */
export const THAI = 'สวัสดีครับวันนี้เราจะมาเปิดตัวเวอร์ชันใหม่ของเรา';
/** A Hebrew sentence (right to left) with a product name and a number in it. */
export const HEBREW = 'שלום עולם, React 2.5 היא ספרייה.';
/** An Arabic sentence (right to left). */
export const ARABIC = 'مرحبا بالعالم الجميل اليوم';
