// phaen edit: forms for the dataset, the typeset pages beside them. Every change is sent to
// phaen as an edit of one value or one list entry; phaen edits the YAML in place, lays the
// plan out again and tells which pages changed. Thai first, English beside it.
"use strict";

const LABELS = {
  plan: "ข้อมูลแผน / Plan", title: "ชื่อแผน / Title", organization: "หน่วยงาน / Organization",
  fiscal_year: "ปีงบประมาณ (พ.ศ.) / Fiscal year", as_of: "ข้อมูล ณ วันที่ (ปปปป-ดด-วว พ.ศ.) / As of",
  issuer: "ผู้ออกรายงาน / Issuer", digits: "ตัวเลข (thai / arabic) / Digits", dimensions: "มิติ / Dimensions",
  number: "หมายเลข / Number", name: "ชื่อ / Name", rows: "ตารางแผน / Plan table", dimension: "มิติ / Dimension",
  starred: "แถวดอกจัน (*) ไม่มีรายละเอียดโครงการ / Starred row", budget: "งบประมาณ (บาท) / Budget (baht)",
  quarters: "ไตรมาส / Quarters", remark: "หมายเหตุ / Remark", key: "ชื่อย่อ / Key",
  sheets: "รายละเอียดโครงการ / Project sheets", project: "โครงการ (ชื่อแถวในตาราง) / Project (the row's name)",
  row: "แถวที่ / Row number", rationale: "๒. หลักการและเหตุผล", objectives: "๓. วัตถุประสงค์",
  targets: "๔. กลุ่มเป้าหมาย", method: "๕. วิธีดำเนินการ", period: "๖. ระยะเวลาดำเนินการ",
  responsible: "๘. ผู้รับผิดชอบ", outputs: "๙. ผลผลิต", outcomes: "๙. ผลลัพธ์",
  cover: "ปก / Cover", emblem: "ตราสัญลักษณ์ (ไฟล์ในโฟลเดอร์เดียวกัน) / Emblem file",
  announcement: "ประกาศ / Announcement", body: "เนื้อความ / Body", date: "วันที่ / Date", position: "ตำแหน่ง / Position",
  text: "ข้อความ / Text",
  round: "รอบรายงาน (6 หรือ 12 เดือน) / Round (months)", previous: "ไฟล์รายงานรอบ ๖ เดือน / Six-month file",
  projects: "โครงการ / Projects", status: "สถานะ / Status", reason: "เหตุผล / Reason",
  reason_other: "เหตุผลอื่น / Other reason", ordinance_budget: "งบตามข้อบัญญัติ (บาท) / Ordinance budget",
  spent: "เบิกจ่าย (บาท) / Spent", result: "ผลการดำเนินการ / Result", results: "ผลการดำเนินงาน / Results",
  problems: "ปัญหา อุปสรรค / Problems", suggestions: "ข้อเสนอแนะ / Suggestions",
  reporter: "ผู้รายงาน / Reporter", approver: "ผู้อนุมัติ / Approver",
};
const SECTIONS = ["rationale", "objectives", "targets", "method", "period", "responsible", "outputs", "outcomes"];
const THAI = "๐๑๒๓๔๕๖๗๘๙";
const thai = (n) => String(n).replace(/[0-9]/g, (d) => THAI[d]);

let data = null;      // the dataset as JSON, as the forms show it
let known = 0;        // the version of the text the forms show
let state = {};       // the last state phaen sent
const pending = new Map(); // path -> { timer, commit } of a value typed, not yet sent
let sending = Promise.resolve(); // the edits sent so far, applied in order

const $ = (sel) => document.querySelector(sel);
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}
function label(key) { return LABELS[key] || key; }
function get(path) {
  let v = data;
  for (const part of path.match(/[^.[\]]+/g) || []) v = v == null ? undefined : v[/^\d+$/.test(part) ? +part : part];
  return v;
}
function setLocal(path, value) {
  const parts = path.match(/[^.[\]]+/g);
  let v = data;
  for (const p of parts.slice(0, -1)) v = v[/^\d+$/.test(p) ? +p : p];
  const last = parts[parts.length - 1];
  v[/^\d+$/.test(last) ? +last : last] = value;
}

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) });
  const reply = await r.json().catch(() => ({}));
  return { ok: r.ok, status: r.status, reply };
}

// Sends edits after those sent before; on success the forms and the text agree at the
// version phaen returns.
function send(ops, rerender) {
  sending = sending.then(async () => {
    const { ok, reply } = await post("/api/edit", { ops });
    if (!ok) { setStatus("แก้ไม่ได้ / not applied: " + (reply.error || "")); return false; }
    known = reply.version;
    if (rerender) render();
    poll();
    return true;
  }).catch(() => false);
  return sending;
}

function sendValue(path, value) {
  setLocal(path, value);
  return send([{ op: "set", path, value }], false);
}

// A text field: sent 100 ms after the last keystroke, and when it loses focus.
function textField(path, value, { long = false, number = false } = {}) {
  const input = long || (typeof value === "string" && (value.length > 60 || value.includes("\n")))
    ? el("textarea", { "data-path": path, rows: Math.min(8, Math.max(2, Math.ceil(String(value).length / 70))) })
    : el("input", { type: "text", "data-path": path, inputmode: number ? "numeric" : undefined });
  input.value = value == null ? "" : String(value);
  const commit = () => {
    const typed = pending.get(path);
    if (typed) { clearTimeout(typed.timer); pending.delete(path); }
    let v = input.value;
    if (number) {
      const arabic = v.replace(/[๐-๙]/g, (d) => THAI.indexOf(d)).trim();
      if (!/^\d+$/.test(arabic)) { setStatus("ใส่ตัวเลข / a number, please"); return; }
      v = Number(arabic);
    }
    if (v !== get(path)) sendValue(path, v);
  };
  input.addEventListener("input", () => {
    const typed = pending.get(path);
    if (typed) clearTimeout(typed.timer);
    pending.set(path, { timer: setTimeout(commit, 100), commit });
  });
  input.addEventListener("change", commit);
  return input;
}

function field(key, path, control) {
  return el("label", { "data-field": path }, el("span", {}, label(key)), control);
}

// The tools of a list entry: up, down, remove.
function entryTools(list, index, length, extra = []) {
  return el("div", { class: "tools" },
    el("button", { type: "button", title: "ขึ้น / up", disabled: index === 0, onclick: () => move(list, index, index - 1) }, "↑"),
    el("button", { type: "button", title: "ลง / down", disabled: index === length - 1, onclick: () => move(list, index, index + 1) }, "↓"),
    ...extra,
    el("button", { type: "button", title: "ลบ / remove", onclick: () => remove(list, index) }, "ลบ / remove"));
}

function move(list, from, to) {
  const arr = get(list);
  const [item] = arr.splice(from, 1);
  arr.splice(to, 0, item);
  send([{ op: "move", path: list, from, to }], true);
}
function remove(list, index) {
  get(list).splice(index, 1);
  send([{ op: "remove", path: `${list}[${index}]` }], true);
}
function insert(list, index, value) {
  const arr = get(list);
  if (arr === undefined || arr.length === 0) {
    setLocal(list, [value]);
    return send([{ op: "set", path: list, value: [value] }], true);
  }
  arr.splice(index, 0, value);
  return send([{ op: "insert", path: list, index, value }], true);
}

// One row of the plan table.
function rowForm(path, row, i) {
  const dims = (data.plan && data.plan.dimensions) || [];
  const select = el("select", { "data-path": `${path}.dimension` },
    dims.map((d) => el("option", { value: d.number, selected: d.number === row.dimension }, `${thai(d.number)} ${d.name}`)));
  select.addEventListener("change", () => sendValue(`${path}.dimension`, Number(select.value)));
  const starred = el("input", { type: "checkbox", "data-path": `${path}.starred`, checked: !!row.starred });
  starred.addEventListener("change", () => sendValue(`${path}.starred`, starred.checked));
  const quarters = el("div", { class: "checks", "data-path": `${path}.quarters` }, [1, 2, 3, 4].map((q) => {
    const box = el("input", { type: "checkbox", checked: (row.quarters || []).includes(q) });
    box.addEventListener("change", () => {
      const now = [1, 2, 3, 4].filter((n, k) => quarters.querySelectorAll("input")[k].checked);
      sendValue(`${path}.quarters`, now);
    });
    return el("label", {}, box, ` ไตรมาส ${thai(q)}`);
  }));
  const known = new Set(["name", "dimension", "starred", "budget", "quarters", "remark"]);
  return el("div", { class: "entry", "data-path": path },
    el("div", { class: "num" }, `แถว / row ${thai(i + 1)}`),
    field("name", `${path}.name`, textField(`${path}.name`, row.name, { long: true })),
    field("dimension", `${path}.dimension`, select),
    el("label", { "data-field": `${path}.starred` }, starred, " ", label("starred")),
    field("budget", `${path}.budget`, textField(`${path}.budget`, row.budget)),
    field("quarters", `${path}.quarters`, quarters),
    field("remark", `${path}.remark`, textField(`${path}.remark`, row.remark || "")),
    Object.keys(row).filter((k) => !known.has(k)).map((k) => valueForm(k, `${path}.${k}`, row[k])));
}

const NEW_ROW = () => ({ name: "โครงการใหม่", dimension: ((data.plan.dimensions || [])[0] || { number: 1 }).number, budget: "0.00", quarters: [1, 2, 3, 4] });

// A section of a sheet: paragraphs, numbered items (nested) and dash lists.
function blocksForm(path, blocks) {
  const list = el("div", { "data-path": path });
  (blocks || []).forEach((block, i) => {
    const bp = `${path}[${i}]`;
    if (typeof block === "string") {
      list.append(el("div", { class: "entry", "data-path": bp }, entryTools(path, i, blocks.length),
        textField(bp, block, { long: true })));
    } else if (block.items) {
      list.append(el("div", { class: "entry", "data-path": bp }, entryTools(path, i, blocks.length),
        el("div", { class: "num" }, "รายการลำดับเลข / numbered list"), itemsForm(`${bp}.items`, block.items)));
    } else if (block.bullets) {
      const bl = `${bp}.bullets`;
      list.append(el("div", { class: "entry", "data-path": bp }, entryTools(path, i, blocks.length),
        el("div", { class: "num" }, "รายการขีด / dash list"),
        block.bullets.map((b, j) => el("div", { class: "entry", "data-path": `${bl}[${j}]` },
          entryTools(bl, j, block.bullets.length), textField(`${bl}[${j}]`, b, { long: true }))),
        el("div", { class: "add" }, el("button", { type: "button", onclick: () => insert(bl, block.bullets.length, "") }, "+ ขีด / dash item"))));
    }
  });
  const n = (blocks || []).length;
  list.append(el("div", { class: "add" },
    el("button", { type: "button", onclick: () => insert(path, n, "") }, "+ ย่อหน้า / paragraph"),
    el("button", { type: "button", onclick: () => insert(path, n, { items: [""] }) }, "+ รายการ ๑) ๒) / numbered list"),
    el("button", { type: "button", onclick: () => insert(path, n, { bullets: [""] }) }, "+ รายการ - / dash list")));
  return list;
}

function itemsForm(path, items) {
  const box = el("div", {});
  items.forEach((item, j) => {
    const ip = `${path}[${j}]`;
    const text = typeof item === "string" ? item : item.text;
    const textPath = typeof item === "string" ? ip : `${ip}.text`;
    const nest = typeof item === "string"
      ? el("button", { type: "button", onclick: () => { setLocal(ip, { text, body: [{ items: [""] }] }); send([{ op: "set", path: ip, value: { text, body: [{ items: [""] }] } }], true); } }, "+ ข้อย่อย / sub-items")
      : null;
    box.append(el("div", { class: "entry", "data-path": ip }, entryTools(path, j, items.length, nest ? [nest] : []),
      el("span", { class: "num" }, `${thai(j + 1)})`), textField(textPath, text, { long: true }),
      typeof item === "string" ? null : blocksForm(`${ip}.body`, item.body || [])));
  });
  box.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => insert(path, items.length, "") }, "+ ข้อ / item")));
  return box;
}

// A text chosen from the reporting system's list (a progress file's status and reason).
function choice(key, path, value, options) {
  const select = el("select", { "data-path": path }, options.map((o) => el("option", { value: o, selected: o === value }, o)));
  if (!options.includes(value)) select.prepend(el("option", { value, selected: true }, value));
  select.addEventListener("change", () => sendValue(path, select.value));
  return field(key, path, select);
}

// Any other value, by its shape.
function valueForm(key, path, value) {
  if (/^projects\[\d+\]\.status$/.test(path)) return choice(key, path, value, state.statuses || []);
  if (/^projects\[\d+\]\.reason$/.test(path)) return choice(key, path, value, state.reasons || []);
  if (SECTIONS.includes(key)) return el("fieldset", { "data-path": path }, el("legend", {}, label(key)), blocksForm(path, value));
  if (Array.isArray(value)) {
    const box = el("fieldset", { "data-path": path }, el("legend", {}, label(key)));
    value.forEach((v, i) => box.append(el("div", { class: "entry", "data-path": `${path}[${i}]` },
      entryTools(path, i, value.length), valueForm(`${thai(i + 1)}`, `${path}[${i}]`, v))));
    const blank = value.length && typeof value[0] === "object"
      ? Object.fromEntries(Object.entries(value[value.length - 1]).map(([k, v]) => [k, typeof v === "number" ? v + 1 : typeof v === "string" ? "" : v]))
      : "";
    box.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => insert(path, value.length, blank) }, "+ เพิ่ม / add")));
    return box;
  }
  if (value && typeof value === "object") {
    return el("fieldset", { "data-path": path }, el("legend", {}, label(key)),
      Object.entries(value).map(([k, v]) => valueForm(k, `${path}.${k}`, v)));
  }
  if (typeof value === "boolean") {
    const box = el("input", { type: "checkbox", "data-path": path, checked: value });
    box.addEventListener("change", () => sendValue(path, box.checked));
    return el("label", { "data-field": path }, box, " ", label(key));
  }
  return field(key, path, textField(path, value, { number: typeof value === "number" }));
}

function render() {
  const tree = $("#tree");
  const scroll = $("#forms").scrollTop;
  // What the officer opened stays open.
  const open = new Set([...tree.querySelectorAll("details[open]")].map((d) => d.dataset.path));
  const closed = new Set([...tree.querySelectorAll("details:not([open])")].map((d) => d.dataset.path));
  tree.textContent = "";
  if (!data) { tree.append(el("p", {}, "ข้อมูลอ่านไม่ได้ ดูข้อผิดพลาดด้านบน / the dataset does not parse: see above")); return; }
  for (const [key, value] of Object.entries(data)) {
    if (key === "rows") {
      const box = el("details", { open: true, "data-path": "rows" }, el("summary", {}, `${label("rows")} (${thai(value.length)})`));
      value.forEach((row, i) => box.append(el("div", {}, entryTools("rows", i, value.length), rowForm(`rows[${i}]`, row, i))));
      box.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => insert("rows", value.length, NEW_ROW()) }, "+ แถว / row")));
      tree.append(box);
    } else if (key === "sheets") {
      const box = el("details", { open: true, "data-path": "sheets" }, el("summary", {}, `${label("sheets")} (${thai(value.length)})`));
      value.forEach((sheet, k) => {
        const sp = `sheets[${k}]`;
        const name = sheet.project || (sheet.row ? `แถว ${thai(sheet.row)}` : "");
        box.append(el("details", { class: "entry", "data-path": sp, "data-sheet": k },
          el("summary", {}, `ลำดับที่ ${thai(k + 1)} — ${name}`),
          entryTools("sheets", k, value.length),
          Object.entries(sheet).map(([f, v]) => valueForm(f, `${sp}.${f}`, v))));
      });
      const blank = Object.fromEntries(SECTIONS.map((s) => [s, [""]]));
      box.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => insert("sheets", value.length, { project: "", ...blank }) }, "+ รายละเอียดโครงการ / sheet")));
      tree.append(box);
    } else {
      tree.append(valueForm(key, key, value));
    }
  }
  // The optional parts of a plan, added from here when it has none.
  if (data.rows && !("cover" in data)) {
    tree.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => { setLocal("cover", {}); send([{ op: "set", path: "cover", value: {} }], true); } }, "+ ปก / cover page")));
  }
  if (data.rows && !("announcement" in data)) {
    const value = { body: [""], date: (data.plan && data.plan.as_of) || "", name: "", position: "" };
    tree.append(el("div", { class: "add" }, el("button", { type: "button", onclick: () => { setLocal("announcement", value); send([{ op: "set", path: "announcement", value }], true); } }, "+ ประกาศ / announcement")));
  }
  tree.querySelectorAll("details").forEach((d) => {
    if (open.has(d.dataset.path)) d.open = true;
    if (closed.has(d.dataset.path)) d.open = false;
  });
  $("#forms").scrollTop = scroll;
  showDiagnostics();
}

function showDiagnostics() {
  document.querySelectorAll("#tree .diag").forEach((d) => d.remove());
  const list = $("#problems");
  list.textContent = "";
  if (state.failure) list.append(el("div", { class: "diag error" }, state.failure));
  for (const d of state.diagnostics || []) {
    // The field the diagnostic names, else the nearest of its parents.
    let path = d.path, target = null;
    while (path && !(target = document.querySelector(`#tree [data-field="${CSS.escape(path)}"], #tree [data-path="${CSS.escape(path)}"]`))) {
      path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    }
    const text = `${d.severity === "error" ? "ผิดพลาด / error" : "คำเตือน / warning"} (บรรทัด / line ${d.line}): ${d.message}`;
    if (target) target.append(el("div", { class: `diag ${d.severity}` }, text));
    list.append(el("div", { class: `diag ${d.severity}`, onclick: () => { if (target) { target.scrollIntoView({ block: "center" }); const f = target.querySelector("input,textarea,select") || target; f.focus && f.focus(); } } }, `${d.path}: ${text}`));
  }
}

function showPages() {
  const box = $("#pages");
  const imgs = box.querySelectorAll("img");
  (state.pages || []).forEach((hash, i) => {
    const src = `/api/page/${i + 1}?h=${hash}`;
    let img = imgs[i];
    if (!img) { img = el("img", { alt: `หน้า / page ${i + 1}`, "data-page": i + 1, loading: "lazy" }); box.append(img); }
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
  });
  for (let i = (state.pages || []).length; i < imgs.length; i++) imgs[i].remove();
}

function setStatus(text) { $("#status").textContent = text; }

function showState() {
  $("#file").textContent = state.file || "";
  $("#save").classList.toggle("dirty", !!state.dirty);
  $("#undo").disabled = !state.undo;
  $("#redo").disabled = !state.redo;
  const errors = (state.diagnostics || []).filter((d) => d.severity === "error").length;
  const building = state.built !== state.version;
  setStatus([building ? "กำลังจัดหน้า… / laying out…" : `${thai((state.pages || []).length)} หน้า / pages`,
    errors ? `ผิดพลาด ${thai(errors)} / ${errors} error(s)` : "",
    state.dirty ? "ยังไม่บันทึก / not saved" : "บันทึกแล้ว / saved"].filter(Boolean).join(" · "));
  document.body.dataset.built = state.built === state.version ? String(state.version) : "";
}

let polling = null;
async function poll() {
  clearTimeout(polling);
  try {
    const r = await fetch(`/api/state?since=${known}`);
    const s = await r.json();
    if (s.version !== known && s.data !== undefined && s.data !== null && pending.size === 0) {
      data = s.data; known = s.version; state = s; render();
    } else if (s.version !== known && s.data === null) {
      data = null; known = s.version; state = s; render();
    }
    state = s;
    showState();
    if (s.built === s.version) { showPages(); showDiagnostics(); }
  } catch (e) { setStatus("ติดต่อ phaen ไม่ได้ / phaen is not answering"); }
  polling = setTimeout(poll, state.built === state.version ? 1000 : 120);
}

async function save(force) {
  // What was typed goes first, then the file is written.
  for (const { commit } of [...pending.values()]) commit();
  await sending;
  const { ok, status, reply } = await post("/api/save", { force: !!force });
  if (ok) { setStatus("บันทึกแล้ว / saved"); poll(); return; }
  if (status === 409) {
    if (confirm("ไฟล์ถูกแก้จากที่อื่นหลังจากเปิด โหลดไฟล์ใหม่ไหม (การแก้ของคุณยังเลิกทำกลับได้)\nThe file changed on disk. Reload it? (your changes stay in undo)")) {
      await post("/api/reload"); known = 0; poll();
    } else if (confirm("บันทึกทับด้วยฉบับของคุณ?\nOverwrite the file with your version?")) {
      save(true);
    }
    return;
  }
  setStatus("บันทึกไม่ได้ / not saved: " + (reply.error || status));
}

// Choosing a row shows the table's page; choosing a sheet shows its page.
document.addEventListener("focusin", (e) => {
  const sheet = e.target.closest("[data-sheet]");
  const row = e.target.closest('[data-path^="rows["]');
  const starts = state.starts || [];
  const page = sheet ? starts[+sheet.dataset.sheet + 1] : row ? starts[0] : null;
  if (page) {
    const img = document.querySelector(`#pages img[data-page="${page}"]`);
    if (img) $("#pages").scrollTo({ top: img.offsetTop - 12, behavior: "smooth" });
  }
});

document.addEventListener("keydown", (e) => {
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl && e.key.toLowerCase() === "s") { e.preventDefault(); save(false); }
  const inField = /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName);
  if (ctrl && !inField && e.key.toLowerCase() === "z" && !e.shiftKey) { e.preventDefault(); post("/api/undo").then(() => poll()); }
  if (ctrl && !inField && (e.key.toLowerCase() === "y" || (e.key.toLowerCase() === "z" && e.shiftKey))) { e.preventDefault(); post("/api/redo").then(() => poll()); }
});
window.addEventListener("beforeunload", (e) => { if (state.dirty || pending.size) { e.preventDefault(); e.returnValue = ""; } });
$("#save").addEventListener("click", () => save(false));
$("#undo").addEventListener("click", () => post("/api/undo").then(() => poll()));
$("#redo").addEventListener("click", () => post("/api/redo").then(() => poll()));
$("#pdf").addEventListener("click", async () => {
  setStatus("กำลังสร้าง PDF… / writing the PDF…");
  const { ok, reply } = await post("/api/pdf");
  setStatus(ok ? `PDF: ${reply.path} (${thai(reply.pages)} หน้า / pages)` : "สร้าง PDF ไม่ได้ / no PDF: " + (reply.error || ""));
});

poll();
