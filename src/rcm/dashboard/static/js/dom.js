// Building the page from API data without parsing markup: every value becomes a text node, so nothing
// a payer, a patient or an import wrote can run as markup.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function replace(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// A table body from rows of cells; a cell is a value or {text, class, node}.
export function fillRows(tbody, rows, emptyText, columns) {
  if (!rows.length) {
    replace(tbody, h("tr", {}, h("td", { colspan: columns, class: "empty" }, emptyText)));
    return;
  }
  replace(
    tbody,
    rows.map((cells) => h("tr", {}, cells.map((cell) => cellNode(cell)))),
  );
}

function cellNode(cell) {
  if (cell && typeof cell === "object" && !(cell instanceof Node)) {
    const tag = cell.header ? "th" : "td";
    return h(tag, { class: cell.class, scope: cell.header ? "row" : undefined }, cell.node || cell.text);
  }
  return h("td", {}, cell);
}

export function statusBadge(status) {
  return h("span", { class: `badge status-${String(status).toLowerCase()}` }, status);
}
