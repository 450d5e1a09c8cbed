import { SaxesParser } from 'saxes';

/** One element of a TwiML document: its name, attributes, text and children. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/**
 * Parses a TwiML answer with a strict, conforming XML parser (saxes): anything not well-formed (an unescaped `<`,
 * a stray `]]>`, a second root) throws. No DOCTYPE or processing instruction other than the declaration is allowed.
 */
export function parseTwiml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('doctype', () => {
    failure ??= new Error('TwiML must not carry a DOCTYPE');
  });
  parser.on('processinginstruction', (instruction) => {
    failure ??= new Error(`TwiML must not carry a processing instruction (${instruction.target})`);
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, text: '', children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) failure ??= new Error('TwiML has more than one root element');
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
    else if (text.trim()) failure ??= new Error('text outside the root element');
  });
  parser.on('cdata', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('TwiML has no root element');
  return root;
}

/** The verbs of a `<Response>`, in order. */
export function verbsOf(response: XmlElement): string[] {
  return response.children.map((child) => child.name);
}
