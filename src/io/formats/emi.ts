import { latin1 } from "../binary.js";
import type { MicrographMetadata } from "../micrograph.js";

/** The `<ObjectInfo>…</ObjectInfo>` XML that TIA embeds in an EMI file, or null. */
export function findEmiXml(bytes: Uint8Array): string | null {
  const text = latin1(bytes, 0, bytes.length);
  const start = text.indexOf("<ObjectInfo>");
  if (start < 0) return null;
  const end = text.indexOf("</ObjectInfo>", start);
  return end < 0 ? null : text.slice(start, end + "</ObjectInfo>".length);
}

function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

/** A `<Data><Label>L</Label><Value>V</Value>` entry of the experimental description. */
function described(xml: string, label: string): string | undefined {
  return new RegExp(`<Label>${label}</Label>\\s*<Value>([^<]*)</Value>`).exec(xml)?.[1]?.trim();
}

/** Voltage, magnification, exposure, microscope and date from an EMI's XML. */
export function emiMetadata(xml: string): MicrographMetadata {
  const m: MicrographMetadata = {};
  const volts = Number(element(xml, "AcceleratingVoltage"));
  const highTensionKv = Number(described(xml, "High tension"));
  if (volts > 0) m.voltageKv = volts / 1000;
  else if (highTensionKv > 0) m.voltageKv = highTensionKv;
  const mag = Number(described(xml, "Magnification"));
  if (mag > 0) m.magnification = mag;
  const exposure = Number(element(xml, "ExposureTime") ?? described(xml, "Integration time"));
  if (Number.isFinite(exposure) && exposure > 0) m.exposureS = exposure;
  const instrument = described(xml, "Microscope");
  if (instrument) m.instrument = instrument;
  const date = element(xml, "AcquireDate");
  if (date) m.acquisitionDate = date;
  return m;
}
