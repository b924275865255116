/**
 * Structural metadata removal for HEIF/HEIC photos (ISO/IEC 23008-12 on ISO/IEC 14496-12).
 *
 * Why this exists: JPEG/PNG/WebP uploads are re-encoded with sharp, which drops metadata, but
 * sharp's prebuilt libvips cannot decode HEVC, so an iPhone's HEIC would reach storage with its
 * Exif GPS position intact. A refugee's location must never be stored, so HEIC files are scrubbed
 * here without decoding: every byte that could hold metadata is overwritten with zeros in place,
 * no box moves and no offset changes, so the image items still decode exactly as before.
 *
 * What is zeroed (the output invariant): outside the leading `ftyp` and the `meta` box, and
 * inside `meta`'s `idat`, the only bytes left as they were are box headers and the extents of
 * image items (item types in IMAGE_ITEM_TYPES); every extent of every other item is zero wherever
 * it lies. That covers
 *  - every `Exif` item and every `mime` item (XMP is `mime` with content type
 *    `application/rdf+xml`; no image needs any `mime` item), `uri ` items and any item type this
 *    module does not know to be image data: an allowlist, so an unknown metadata item is zeroed
 *    rather than kept (an unknown image codec would be damaged instead: visible, never a leak);
 *  - bytes of `mdat` and `idat` that no item references (editors leave old Exif behind);
 *  - the payloads of every other top-level box: `uuid` (XMP's BE7ACFCB-97A9-42E8-9C71-999491E3AFAC
 *    and vendor Exif UUIDs), `udta`, `free`/`skip` and unknown boxes, none of which a HEIF
 *    decoder reads, and the `xml `/`bxml`/`free`/`skip`/`uuid` children of `meta`.
 * The rest of `meta` (hdlr, pitm, iinf, iloc, iref, iprp, ...) is structure and is kept verbatim.
 *
 * Refused with HeicMetadataError (the caller answers 400 "the photo could not be read"): anything
 * that does not parse, and the layouts where stripping could not be guaranteed: `moov` (image
 * sequences keep metadata in track boxes and sample tables), `meco` (additional meta boxes), more
 * than one `meta`/`iinf`/`iloc`/`idat`, iloc construction_method 2, data held in other files
 * (data_reference_index ≠ 0), and a metadata extent that overlaps image data.
 *
 * Hostile input: every length is checked against its enclosing box before it is used, all loops
 * advance by at least one byte or are capped (MAX_BOXES, MAX_EXTENTS), nothing recurses, and
 * 64-bit sizes beyond Number.MAX_SAFE_INTEGER are refused; so the function returns or throws
 * HeicMetadataError, in time bounded by the size of `meta` (mdat is never scanned, only filled).
 */

/** Thrown for every input this module cannot parse or cannot strip with certainty. */
export class HeicMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeicMetadataError';
  }
}

/**
 * Item types whose data is coded image data, kept as it is. Everything else is zeroed.
 * hvc1/hvt1/lhv1 HEVC, av01 AV1, avc1 AVC, vvc1 VVC, evc1 EVC, jpeg, j2k1 JPEG 2000,
 * unci uncompressed (23001-17), derived images grid/iovl/iden, tmap tone map (gain-map HDR),
 * mski mask. None of these carries Exif, XMP or location.
 */
const IMAGE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'hvc1',
  'hvt1',
  'lhv1',
  'av01',
  'avc1',
  'vvc1',
  'evc1',
  // Not 'jpeg' nor 'j2k1': a JPEG (or JPEG 2000) item carries its own Exif/XMP segments inside
  // the bytes kept as image data, so such a file is treated as having no image it can keep.
  'unci',
  'grid',
  'iovl',
  'iden',
  'tmap',
  'mski',
]);

/** Children of `meta` that hold free-form data rather than structure: payloads zeroed. */
const META_FREEFORM_BOXES: ReadonlySet<string> = new Set(['xml ', 'bxml', 'free', 'skip', 'uuid']);

/** Top-level boxes whose presence means metadata may live where this module does not look. */
const REFUSED_TOP_LEVEL: ReadonlyMap<string, string> = new Map([
  ['moov', 'image sequences (moov) are not supported'],
  ['meco', 'additional metadata containers (meco) are not supported'],
]);

/** Caps on counts so hostile input is refused quickly instead of parsed for long. */
const MAX_BOXES = 100_000;
const MAX_EXTENTS = 100_000; // a 48 MP iPhone photo has about a hundred

/** A byte range [start, end) of the file, end exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One item of the file, as the stripper sees it (for tests and diagnostics). */
export interface HeicItem {
  id: number;
  /** The infe item_type four-character code; '' for infe versions 0 and 1, which have none. */
  type: string;
  /** content_type of a `mime` item (e.g. application/rdf+xml for XMP). */
  contentType?: string;
  /** Whether the stripper keeps this item's bytes (image data) or zeroes them. */
  kept: boolean;
  /** Absolute file ranges of the item's extents, in iloc order. Empty if iloc lists none. */
  extents: ByteRange[];
}

interface Box {
  type: string;
  start: number;
  /** First byte after the header (size, type, largesize, uuid usertype). */
  payload: number;
  end: number;
}

interface ParsedHeic {
  items: HeicItem[];
  /** Ranges whose bytes are zeroed except where an image item's extent covers them. */
  scrub: ByteRange[];
}

function fail(message: string): never {
  throw new HeicMetadataError(message);
}

/** Reads big-endian fields from [pos, limit), refusing to read past limit. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly limit: number,
    private readonly where: string,
  ) {}

  private need(n: number): number {
    if (this.limit - this.pos < n) fail(`truncated ${this.where}`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  skip(n: number): void {
    this.need(n);
  }

  u8(): number {
    return this.buf[this.need(1)];
  }

  u16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }

  u32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  /** An unsigned field of 0, 4 or 8 bytes (the iloc size fields); 0 bytes reads as 0. */
  uint(size: number): number {
    if (size === 0) return 0;
    if (size === 4) return this.u32();
    if (size === 8) {
      const value = this.buf.readBigUInt64BE(this.need(8));
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${this.where}: 64-bit value too large`);
      return Number(value);
    }
    return fail(`${this.where}: field size ${size} is not 0, 4 or 8`);
  }

  fourcc(): string {
    const at = this.need(4);
    return this.buf.toString('latin1', at, at + 4);
  }

  /** A NUL-terminated string; a missing terminator ends it at the limit (writers vary). */
  cstring(): string {
    // Searched within the box only, so the scan is bounded by the box, never the file.
    const nul = this.buf.subarray(this.pos, this.limit).indexOf(0);
    const end = nul === -1 ? this.limit : this.pos + nul;
    const text = this.buf.toString('utf8', this.pos, end);
    this.pos = Math.min(end + 1, this.limit);
    return text;
  }
}

/**
 * The boxes tiling [start, end). Invariant: each box lies inside [start, end) and the boxes
 * cover it exactly; anything left over that is too short for a header is a truncated box.
 */
function readBoxes(buf: Buffer, start: number, end: number, where: string): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos < end) {
    if (boxes.length >= MAX_BOXES) fail(`${where}: too many boxes`);
    const r = new Reader(buf, pos, end, `box header in ${where}`);
    const size32 = r.u32();
    const type = r.fourcc();
    let size: number;
    if (size32 === 1) {
      // largesize; uint(8) refuses values that cannot be exact Numbers.
      size = r.uint(8);
    } else if (size32 === 0) {
      size = end - pos; // "extends to the end of the file" (of the container, when nested)
    } else {
      size = size32;
    }
    if (type === 'uuid') r.skip(16); // extended type (usertype), part of the header
    if (size < r.pos - pos) fail(`'${printable(type)}' box in ${where}: size smaller than header`);
    if (size > end - pos) fail(`truncated '${printable(type)}' box in ${where}`);
    boxes.push({ type, start: pos, payload: r.pos, end: pos + size });
    pos += size; // size ≥ header ≥ 8, so the loop always advances
  }
  return boxes;
}

/** A four-character code safe to put in an error message (hostile bytes become '?'). */
function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, '?');
}

function single(boxes: Box[], type: string, where: string): Box | undefined {
  const found = boxes.filter((b) => b.type === type);
  if (found.length > 1) fail(`more than one '${type}' box in ${where}`);
  return found[0];
}

interface ItemInfo {
  type: string;
  contentType?: string;
}

/** iinf: item_ID → type. Duplicate IDs are refused: which one a reader uses is unknowable. */
function readItemInfo(buf: Buffer, iinf: Box): Map<number, ItemInfo> {
  const r = new Reader(buf, iinf.payload, iinf.end, 'iinf');
  const version = r.u8();
  r.skip(3); // flags
  if (version === 0) r.u16();
  else r.u32(); // entry_count: the child boxes below are what counts
  const infos = new Map<number, ItemInfo>();
  for (const infe of readBoxes(buf, r.pos, iinf.end, 'iinf')) {
    if (infe.type !== 'infe') continue;
    const e = new Reader(buf, infe.payload, infe.end, 'infe');
    const infeVersion = e.u8();
    e.skip(3); // flags
    let id: number;
    let info: ItemInfo;
    if (infeVersion <= 1) {
      // Legacy entries carry no item_type: unknown type, so zeroed if they have data.
      id = e.u16();
      info = { type: '' };
    } else if (infeVersion === 2 || infeVersion === 3) {
      id = infeVersion === 2 ? e.u16() : e.u32();
      e.u16(); // item_protection_index
      const type = e.fourcc();
      e.cstring(); // item_name
      info = type === 'mime' ? { type, contentType: e.cstring() } : { type };
    } else {
      return fail(`unknown infe version ${infeVersion}`);
    }
    if (infos.has(id)) fail(`duplicate item ${id} in iinf`);
    infos.set(id, info);
  }
  return infos;
}

interface ItemLocation {
  id: number;
  extents: ByteRange[];
}

/**
 * iloc (versions 0, 1, 2) → absolute file ranges. construction_method 0 offsets are file
 * offsets, 1 offsets are into idat's payload; an extent_length of 0 means "to the end of the
 * source" (the file, or idat). Every range is checked to lie inside its source.
 */
function readItemLocations(buf: Buffer, iloc: Box, idat: Box | undefined): ItemLocation[] {
  const r = new Reader(buf, iloc.payload, iloc.end, 'iloc');
  const version = r.u8();
  r.skip(3); // flags
  if (version > 2) fail(`unknown iloc version ${version}`);
  const sizes1 = r.u8();
  const sizes2 = r.u8();
  const offsetSize = sizes1 >> 4;
  const lengthSize = sizes1 & 0x0f;
  const baseOffsetSize = sizes2 >> 4;
  const indexSize = version === 0 ? 0 : sizes2 & 0x0f;
  for (const s of [offsetSize, lengthSize, baseOffsetSize, indexSize]) {
    if (s !== 0 && s !== 4 && s !== 8) fail(`iloc field size ${s} is not 0, 4 or 8`);
  }
  const itemCount = version < 2 ? r.u16() : r.u32();
  const locations: ItemLocation[] = [];
  const seen = new Set<number>();
  let totalExtents = 0;
  for (let i = 0; i < itemCount; i++) {
    // Each entry reads at least 6 bytes, so itemCount is bounded by the box size.
    const id = version < 2 ? r.u16() : r.u32();
    const constructionMethod = version === 0 ? 0 : r.u16() & 0x0f;
    const dataReferenceIndex = r.u16();
    const baseOffset = r.uint(baseOffsetSize);
    const extentCount = r.u16();
    if (seen.has(id)) fail(`duplicate item ${id} in iloc`);
    seen.add(id);
    if (constructionMethod !== 0 && constructionMethod !== 1) {
      fail(`iloc construction_method ${constructionMethod} is not supported`);
    }
    if (dataReferenceIndex !== 0) fail(`item ${id} refers to data outside this file`);
    // Extents can be 0 bytes each (all sizes 0), so their count is capped explicitly.
    totalExtents += extentCount;
    if (totalExtents > MAX_EXTENTS) fail('iloc: too many extents');
    const [sourceStart, sourceEnd] =
      constructionMethod === 0
        ? [0, buf.length]
        : idat
          ? [idat.payload, idat.end]
          : fail(`item ${id} is in idat, but there is no idat box`);
    const sourceLength = sourceEnd - sourceStart;
    const extents: ByteRange[] = [];
    for (let k = 0; k < extentCount; k++) {
      if (indexSize > 0) r.uint(indexSize); // extent_index: only meaningful for method 2
      const extentOffset = r.uint(offsetSize);
      const extentLength = r.uint(lengthSize);
      const offset = baseOffset + extentOffset; // both ≤ 2^53, so the sum is exact enough to compare
      if (offset > sourceLength) fail(`item ${id}: extent out of bounds`);
      const length = extentLength === 0 ? sourceLength - offset : extentLength;
      if (length > sourceLength - offset) fail(`item ${id}: extent out of bounds`);
      extents.push({ start: sourceStart + offset, end: sourceStart + offset + length });
    }
    locations.push({ id, extents });
  }
  return locations;
}

function parse(buf: Buffer): ParsedHeic {
  const top = readBoxes(buf, 0, buf.length, 'file');
  if (top[0]?.type !== 'ftyp') fail('not an ISO-BMFF file: no leading ftyp box');
  for (const box of top) {
    const refusal = REFUSED_TOP_LEVEL.get(box.type);
    if (refusal) fail(refusal);
  }
  const meta = single(top, 'meta', 'file') ?? fail('no meta box');

  // meta is a FullBox: 4 bytes of version and flags before its children.
  if (meta.end - meta.payload < 4) fail('truncated meta');
  const children = readBoxes(buf, meta.payload + 4, meta.end, 'meta');
  const iinf = single(children, 'iinf', 'meta') ?? fail('no iinf box');
  const iloc = single(children, 'iloc', 'meta') ?? fail('no iloc box');
  const idat = single(children, 'idat', 'meta');

  const infos = readItemInfo(buf, iinf);
  const locations = readItemLocations(buf, iloc, idat);
  const located = new Map(locations.map((l) => [l.id, l.extents]));

  const items: HeicItem[] = [];
  for (const [id, info] of infos) {
    items.push({
      id,
      ...info,
      kept: IMAGE_ITEM_TYPES.has(info.type),
      extents: located.get(id) ?? [],
    });
  }
  // Data of an item iinf does not describe cannot be an image anyone decodes: zero it.
  for (const { id, extents } of locations) {
    if (!infos.has(id)) items.push({ id, type: '', kept: false, extents });
  }

  // Every top-level payload but the leading ftyp and the meta just parsed (a second ftyp too).
  const scrub: ByteRange[] = [];
  for (const box of top.slice(1)) {
    if (box !== meta) scrub.push(payloadOf(box));
  }
  for (const box of children) {
    if (box.type === 'idat' || META_FREEFORM_BOXES.has(box.type)) scrub.push(payloadOf(box));
  }
  return { items, scrub };
}

/** A box's payload; a uuid box keeps its usertype (part of the header) so it stays identifiable. */
function payloadOf(box: Box): ByteRange {
  return { start: box.payload, end: box.end };
}

/** Sorted, disjoint union of non-empty ranges. */
function union(ranges: ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Index of the first range in sorted disjoint `ranges` that ends after `pos`. */
function firstEndingAfter(ranges: ByteRange[], pos: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid].end > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The items of a HEIF file with their extents and whether stripHeicMetadata keeps them.
 * Throws HeicMetadataError exactly when stripHeicMetadata would.
 */
export function inspectHeic(input: Buffer): HeicItem[] {
  return plan(input).items;
}

function plan(input: Buffer): { items: HeicItem[]; zero: ByteRange[] } {
  const { items, scrub } = parse(input);
  const kept = union(items.filter((i) => i.kept).flatMap((i) => i.extents));
  const stripped = union(items.filter((i) => !i.kept).flatMap((i) => i.extents));

  // A byte that is both image data and metadata can be neither kept nor zeroed safely.
  for (const s of stripped) {
    const k = kept[firstEndingAfter(kept, s.start)];
    if (k && k.start < s.end) fail('a metadata item overlaps image data');
  }

  // Scrub ranges minus image extents: what is left is metadata or unreferenced bytes.
  const zero: ByteRange[] = [...stripped];
  for (const r of scrub) {
    let pos = r.start;
    for (let i = firstEndingAfter(kept, pos); i < kept.length && kept[i].start < r.end; i++) {
      if (kept[i].start > pos) zero.push({ start: pos, end: kept[i].start });
      pos = Math.max(pos, kept[i].end);
    }
    if (pos < r.end) zero.push({ start: pos, end: r.end });
  }
  return { items, zero: union(zero) };
}

/**
 * Zeroes every metadata byte of the HEIF file IN PLACE and returns `input` itself (the same
 * Buffer object; see the module comment for exactly which bytes). In place on purpose: no
 * unstripped copy is left for a caller to store by mistake, and a 25 MB upload is not duplicated.
 * Length and box layout are unchanged, so the image items decode as before.
 *
 * Throws HeicMetadataError, and nothing else, when the file cannot be parsed or stripped safely;
 * the whole file is parsed and planned before the first write, so then `input` is untouched.
 */
export function stripHeicMetadata(input: Buffer): Buffer {
  const { items, zero } = plan(input);
  // Zeroing every image would store a blank file and call it a photo: refuse instead.
  if (!items.some((i) => i.kept && i.extents.length > 0))
    fail('no image item this module can keep (a JPEG inside HEIF carries its own metadata)');
  for (const r of zero) input.fill(0, r.start, r.end);
  return input;
}
