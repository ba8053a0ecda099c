import { inflateRawSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { labelComponents, measureRegions } from "../../segment/index.js";
import { particleColumns } from "../columns.js";
import { particlesCsv } from "../csv.js";
import type { ParticleReport } from "../particleReport.js";
import { summarize } from "../summary.js";
import { summaryTable } from "../table.js";
import { xlsxWorkbook } from "../xlsx.js";
import { crc32 } from "../zip.js";

/** Reads a zip archive back (central directory → local headers), checking every CRC. */
function readZip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, string>();
  for (let k = 0; k < entries; k++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    const data = method === 0 ? raw : new Uint8Array(inflateRawSync(raw));
    expect(crc32(data)).toBe(crc);
    files.set(name, new TextDecoder().decode(data));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return files;
}

/** One 10 × 10 px square particle at 0.02 nm/px, classified. */
function squareParticle(): ParticleReport {
  const data = new Uint8Array(30 * 30);
  for (let j = 5; j < 15; j++) for (let i = 8; i < 18; i++) data[j * 30 + i] = 1;
  const [region] = measureRegions(labelComponents({ data, width: 30, height: 30 }), 0.02);
  return {
    ...region,
    file: "a,b.tif",
    particle: 1,
    classLabel: "monocrystalline",
    confidence: 0.9,
    probabilities: { amorphous: 0.05, monocrystalline: 0.9, polycrystalline: 0.05 },
  };
}

const CONTRACT =
  "file,particle,x_nm,y_nm,area_nm2,ecd_nm,feret_min_nm,feret_max_nm,perimeter_nm,circularity,convexity,solidity,aspect_ratio,label,confidence,p_amorphous,p_monocrystalline,p_polycrystalline";

describe("particle table", () => {
  test("CSV starts with the design.md columns, in nm: a 10 px square at 0.02 nm/px has area 0.04 nm²", () => {
    const columns = particleColumns(["amorphous", "monocrystalline", "polycrystalline"]);
    const [header, row] = particlesCsv([squareParticle()], columns).trim().split("\n");
    expect(header.startsWith(`${CONTRACT},`)).toBe(true);
    const names = header.split(",");
    const cells = row.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
    const get = (name: string) => cells[names.indexOf(name)];
    expect(get("file")).toBe('"a,b.tif"');
    expect(Number(get("area_nm2"))).toBeCloseTo(0.04, 10);
    expect(Number(get("ecd_nm"))).toBeCloseTo(Math.sqrt(400 / Math.PI) * 0.02, 6);
    expect(Number(get("feret_min_nm"))).toBeCloseTo(0.2, 6);
    expect(Number(get("x_nm"))).toBeCloseTo(12.5 * 0.02, 6);
    expect(get("label")).toBe("monocrystalline");
    expect(Number(get("p_monocrystalline"))).toBe(0.9);
    expect(get("area_px")).toBe("100");
  });

  test("every column has a type, a meaning and a unique name; lengths are in nm", () => {
    const columns = particleColumns(["amorphous", "crystalline"]);
    expect(new Set(columns.map((c) => c.name)).size).toBe(columns.length);
    for (const c of columns) {
      expect(["string", "integer", "number"]).toContain(c.type);
      expect(c.doc.length).toBeGreaterThan(5);
      if (c.name.endsWith("_nm")) expect(c.unit).toBe("nm");
      if (c.name.endsWith("_nm2")) expect(c.unit).toBe("nm²");
    }
    expect(columns.map((c) => c.name)).toContain("p_crystalline");
  });

  test("unclassified particles leave confidence and probabilities empty", () => {
    const p = { ...squareParticle(), classLabel: "unclassified", confidence: null, probabilities: {} };
    const [header, row] = particlesCsv([p], particleColumns()).trim().split("\n");
    const names = header.split(",");
    const cells = row.replace('"a,b.tif"', "ab").split(",");
    expect(cells[names.indexOf("confidence")]).toBe("");
    expect(cells[names.indexOf("p_amorphous")]).toBe("");
  });
});

describe("XLSX workbook", () => {
  test("CRC-32 check value of '123456789' is 0xCBF43926", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  test("reads back as a zip with the Open XML parts; cells hold names, numbers and escaped text", () => {
    const columns = particleColumns();
    const p = squareParticle();
    const bytes = xlsxWorkbook([
      { name: "particles", rows: [columns.map((c) => c.name), columns.map((c) => c.value(p))] },
      { name: "notes", rows: [["a < b & c"]] },
    ]);
    const files = readZip(bytes);
    expect([...files.keys()]).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
    ]);
    expect(files.get("xl/workbook.xml")).toContain('<sheet name="particles" sheetId="1" r:id="rId1"/>');
    const sheet = files.get("xl/worksheets/sheet1.xml")!;
    const headers = [...sheet.matchAll(/<c r="([A-Z]+)1" t="inlineStr"><is><t[^>]*>([^<]*)<\/t>/g)].map(
      (m) => m[2],
    );
    expect(headers.slice(0, 18).join(",")).toBe(CONTRACT);
    const areaColumn = String.fromCharCode(65 + columns.findIndex((c) => c.name === "area_nm2"));
    const area = new RegExp(`<c r="${areaColumn}2"><v>([^<]+)</v>`).exec(sheet)![1];
    expect(Number(area)).toBeCloseTo(0.04, 10);
    expect(files.get("xl/worksheets/sheet2.xml")).toContain("a &lt; b &amp; c");
  });
});

describe("class fractions from the probabilities", () => {
  test("are the mean class probability with mean ± 1.96·sd/√n, and the omission rule does not bias them", () => {
    // confident amorphous particles and as many doubtful crystals (60 % mono, 40 % poly): the
    // decided shares are 100 % amorphous, the expected ones keep the crystals
    const particle = (label: string, p: [number, number, number]) => ({
      ...squareParticle(),
      classLabel: label,
      confidence: Math.max(...p),
      probabilities: { amorphous: p[0], monocrystalline: p[1], polycrystalline: p[2] },
    });
    const particles = Array.from({ length: 16 }, (_, k) =>
      k % 2 === 0 ? particle("amorphous", [1, 0, 0]) : particle("unknown", [0, 0.6, 0.4]),
    );
    const analysis = {
      file: "f.tif",
      width: 30,
      height: 30,
      pixelSizeNm: 0.02,
      labels: { labels: new Int32Array(900), width: 30, height: 30, count: 0 },
      particles,
      detector: "classic" as const,
      polarity: null,
      seconds: 0,
    };
    const classes = ["amorphous", "monocrystalline", "polycrystalline"];
    const summary = summarize([analysis], [], { model: "m", classes, threshold: 0.8 });
    expect(summary.assigned.map((s) => s.fraction)).toEqual([1, 0, 0]);
    const [amorphous, mono, poly] = summary.expected;
    expect(amorphous.fraction).toBeCloseTo(0.5, 12);
    expect(mono.fraction).toBeCloseTo(0.3, 12);
    expect(poly.fraction).toBeCloseTo(0.2, 12);
    // amorphous: eight 1s and eight 0s, sd = √(16·0.25/15) = 0.516398, half-width 1.959964·sd/4 = 0.253030
    expect(amorphous.ci95[0]).toBeCloseTo(0.5 - 0.25303, 5);
    expect(amorphous.ci95[1]).toBeCloseTo(0.5 + 0.25303, 5);
    // mono: eight 0.6s and eight 0s, sd = √(16·0.09/15) = 0.309839, half-width 0.151818
    expect(mono.ci95[0]).toBeCloseTo(0.3 - 0.151818, 5);
    expect(summaryTable(summary)).toMatch(/from probabilities/);
    const bare = summarize([analysis], [], { model: null, classes, threshold: 0.8 });
    expect(bare.expected).toEqual([]);
  });
});
