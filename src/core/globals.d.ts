// The core targets plain ES2022 with no DOM and no Node types, yet every runtime it runs in
// (browsers, workers, Node) has these two WHATWG globals. Declared here, narrowly, so the core
// cannot reach for anything else by accident.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
