// The built site in a real browser: Debian's headless Chromium, driven by playwright-core.
// It builds the shipped guides (or SIGNPOST_SITE) with the signpost binary, serves them on
// 127.0.0.1, and checks accessibility with axe-core and reading comfort, right-to-left
// layout, privacy, the quick exit and the listen control. Screenshots go to
// target/browser-artifacts/.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const binary = process.env.SIGNPOST_BIN ?? join(repo, "target/release/signpost");
const siteRoot = process.env.SIGNPOST_SITE ?? repo;
const artifacts = join(repo, "target/browser-artifacts");
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
};

let output;
let server;
let origin;
let browser;
/** Every address outside 127.0.0.1 that any page asked for. */
const external = [];

/** Every page of the site, as paths like `/ar/vote/voter-id/`. */
function sitePages() {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === "index.html") {
        const relative = dirname(path).slice(output.length).split(sep).join("/");
        pages.push(`${relative}/`);
      }
    }
  };
  walk(output);
  return pages;
}

/** Factsheet pages: the ones with a "Last checked" date. */
function factsheets() {
  return sitePages().filter((page) => readFileSync(join(output, page, "index.html"), "utf8").includes('class="reviewed"'));
}

async function newPage(viewport, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    external.push(url.href);
    return route.abort();
  });
  return { context, page: await context.newPage() };
}

async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}

/** Relative luminance contrast of two `rgb(...)` colours. */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

before(async () => {
  output = join(mkdtempSync(join(tmpdir(), "signpost-browser-")), "public");
  execFileSync(binary, ["build", "--quiet", "--root", siteRoot, "--output", output, "--base-url", "http://127.0.0.1"]);
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = join(output, path);
    if (!file.startsWith(output)) file = join(output, "404.html");
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(readFileSync(join(output, "404.html")));
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

describe("accessibility", () => {
  for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    test(`axe finds no violations on any page at ${viewport.width} px (${name})`, async () => {
      const { context, page } = await newPage(viewport);
      const found = [];
      for (const path of [...sitePages(), "/404.html"]) {
        await page.goto(origin + path);
        for (const violation of await axeViolations(page)) found.push(`${path} ${violation}`);
      }
      await context.close();
      assert.deepEqual(found, []);
    });
  }

  test("axe finds no violations in dark mode", async () => {
    const { context, page } = await newPage(PHONE, { colorScheme: "dark" });
    const found = [];
    for (const path of sitePages().filter((p) => /^\/(en|ar)\//.test(p) || p === "/")) {
      await page.goto(origin + path);
      for (const violation of await axeViolations(page)) found.push(`${path} ${violation}`);
    }
    await context.close();
    assert.deepEqual(found, []);
  });
});

describe("reading comfort", () => {
  test("phone body text is at least 19 px with line height 1.5 and lines of about 70 characters", async () => {
    const { context, page } = await newPage(PHONE);
    for (const path of factsheets().filter((p) => p.startsWith("/en/"))) {
      await page.goto(origin + path);
      const text = await page.evaluate(() => {
        const p = document.querySelector(".content p");
        const style = getComputedStyle(p);
        return { size: parseFloat(style.fontSize), line: parseFloat(style.lineHeight) };
      });
      assert.ok(text.size >= 19, `${path}: ${text.size}px`);
      assert.ok(text.line / text.size >= 1.5, `${path}: line height ${text.line}`);
    }
    await page.setViewportSize(DESKTOP);
    await page.goto(origin + factsheets().find((p) => p.startsWith("/en/")));
    const perLine = await page.evaluate(() => {
      const p = document.querySelector(".content p");
      const probe = document.createElement("span");
      probe.style.cssText = "position: absolute; white-space: nowrap; visibility: hidden";
      probe.textContent = "Register online at least 12 working days before polling day, if you can.".repeat(4);
      p.append(probe);
      const average = probe.getBoundingClientRect().width / probe.textContent.length;
      probe.remove();
      return p.getBoundingClientRect().width / average;
    });
    assert.ok(perLine <= 75, `${perLine.toFixed(0)} characters per line`);
    await context.close();
  });

  for (const scheme of ["light", "dark"]) {
    test(`body text contrast is at least 7:1 (AAA) in ${scheme} mode`, async () => {
      const { context, page } = await newPage(PHONE, { colorScheme: scheme });
      await page.goto(origin + factsheets()[0]);
      const colours = await page.evaluate(() => {
        const background = getComputedStyle(document.body).backgroundColor;
        const pick = (selector) => [...document.querySelectorAll(selector)].map((e) => getComputedStyle(e).color);
        return { background, colours: [...pick(".content p"), ...pick(".content li"), ...pick(".content a"), ...pick(".lead"), ...pick("h1")] };
      });
      for (const colour of new Set(colours.colours)) {
        const ratio = contrast(colour, colours.background);
        assert.ok(ratio >= 7, `${colour} on ${colours.background}: ${ratio.toFixed(2)}:1`);
      }
      await context.close();
    });
  }

  test("everything focusable shows a visible focus indicator", async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(origin + factsheets()[0]);
    const count = await page.evaluate(() => document.querySelectorAll("a[href], button:not([hidden]), [tabindex='0']").length);
    const seen = new Set();
    for (let i = 0; i < count + 2; i += 1) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
        return { id: e.outerHTML.slice(0, 80), visible: outline || s.boxShadow !== "none" };
      });
      if (!focus || seen.has(focus.id)) continue;
      seen.add(focus.id);
      assert.ok(focus.visible, `no focus indicator on ${focus.id}`);
    }
    assert.ok(seen.size >= 10, `only ${seen.size} elements took focus`);
    await context.close();
  });

  test("touch targets outside running text are at least 44 by 44 px", async () => {
    const { context, page } = await newPage(PHONE);
    const small = [];
    for (const path of ["/", ...sitePages().filter((p) => p.startsWith("/en/") || p.startsWith("/ar/"))]) {
      await page.goto(origin + path);
      const found = await page.evaluate(() =>
        [...document.querySelectorAll("a[href], button")]
          .filter((e) => e.offsetParent !== null && !e.closest(".content p, .content li, .content td, .skip-link"))
          .map((e) => ({ html: e.outerHTML.slice(0, 80), box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ html, box }) => `${html} ${box.width.toFixed(0)}x${box.height.toFixed(0)}`),
      );
      small.push(...found.map((f) => `${path} ${f}`));
    }
    await context.close();
    assert.deepEqual(small, []);
  });

  test("no horizontal scrolling at 320 px, nor at 200% text size", async () => {
    const { context, page } = await newPage({ width: 320, height: 640 });
    const overflowing = [];
    const pages = sitePages();
    for (const path of pages) {
      await page.goto(origin + path);
      if (await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)) overflowing.push(`${path} at 320 px`);
    }
    await page.setViewportSize(DESKTOP);
    for (const path of pages.filter((p) => p.startsWith("/en/") || p.startsWith("/ar/"))) {
      await page.goto(origin + path);
      await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
      if (await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)) overflowing.push(`${path} at 200%`);
    }
    await context.close();
    assert.deepEqual(overflowing, []);
  });
});

describe("right to left", () => {
  test("Arabic pages mirror the layout and keep left-to-right text in order", async () => {
    const { context, page } = await newPage(DESKTOP);
    const path = factsheets().find((p) => p.startsWith("/ar/"));
    await page.goto(origin + path);
    const layout = await page.evaluate(() => {
      const crumbs = [...document.querySelectorAll(".breadcrumbs a")].map((a) => a.getBoundingClientRect().left);
      // "Last checked" is always in the reader's language, even on a fallback page.
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(".reviewed"));
      const heading = range.getBoundingClientRect();
      const main = document.querySelector("main").getBoundingClientRect();
      const url = document.querySelector(".url");
      return {
        dir: getComputedStyle(document.body).direction,
        crumbsRightToLeft: crumbs.every((x, i) => i === 0 || x < crumbs[i - 1]),
        headingAtRight: main.right - heading.right < heading.left - main.left,
        urlDirection: url ? getComputedStyle(url).direction : "ltr",
        linkBidi: getComputedStyle(document.querySelector("main a")).unicodeBidi,
      };
    });
    assert.equal(layout.dir, "rtl");
    assert.ok(layout.crumbsRightToLeft, "breadcrumbs run right to left");
    assert.ok(layout.headingAtRight, "text starts at the right");
    assert.equal(layout.urlDirection, "ltr");
    assert.equal(layout.linkBidi, "plaintext", "links are isolated");
    await context.close();
  });

  test("English fallback text inside an Arabic page stays left to right", async () => {
    const fallback = sitePages().find((p) => p.startsWith("/ar/") && readFileSync(join(output, p, "index.html"), "utf8").includes('class="content" id="text" lang="en" dir="ltr"'));
    if (!fallback) return; // every page is translated: nothing falls back
    const { context, page } = await newPage(DESKTOP);
    await page.goto(origin + fallback);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".content p")).direction), "ltr");
    await context.close();
  });
});

describe("light and private", () => {
  test("no page asks any other host for anything", async () => {
    const before = external.length;
    const { context, page } = await newPage(PHONE);
    for (const path of sitePages()) await page.goto(origin + path, { waitUntil: "networkidle" });
    await context.close();
    assert.deepEqual(external.slice(before), []);
  });

  test("every factsheet weighs under 40 KB with its CSS and script", () => {
    const shared = statSync(join(output, "style.css")).size + statSync(join(output, "signpost.js")).size;
    for (const path of factsheets()) {
      const total = statSync(join(output, path, "index.html")).size + shared;
      assert.ok(total < 40 * 1024, `${path}: ${(total / 1024).toFixed(1)} KB`);
    }
  });

  test("pages work with JavaScript off", async () => {
    const { context, page } = await newPage(PHONE, { javaScriptEnabled: false });
    const path = factsheets().find((p) => p.startsWith("/en/"));
    await page.goto(origin + path);
    assert.ok(await page.locator("h1").isVisible());
    assert.ok(await page.locator(".content").isVisible());
    assert.ok(await page.locator(".language-switcher a").first().isVisible());
    assert.equal(await page.locator("[data-listen]").isVisible(), false, "listen needs script, so it stays hidden");
    await page.locator(".breadcrumbs a").last().click();
    assert.match(page.url(), /\/en\/[^/]+\/$/);
    await context.close();
  });
});

describe("quick exit", () => {
  const safetyPages = () => sitePages().filter((p) => readFileSync(join(output, p, "index.html"), "utf8").includes("data-quick-exit"));

  test("pages marked quick_exit have a labelled exit that works as a plain link", async () => {
    assert.ok(safetyPages().length > 0, "some pages set quick_exit");
    const { context, page } = await newPage(PHONE, { javaScriptEnabled: false });
    await page.goto(origin + safetyPages()[0]);
    const exit = page.locator("[data-quick-exit]");
    assert.ok(await exit.isVisible());
    assert.match(await exit.getAttribute("href"), /^https:\/\/www\.bbc\.co\.uk\/weather/);
    const leaving = page.waitForRequest(/bbc\.co\.uk/);
    await exit.click();
    await leaving;
    await context.close();
  });

  test("pressing Shift three times leaves the page", async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(origin + safetyPages()[0]);
    const leaving = page.waitForRequest(/bbc\.co\.uk/);
    for (let i = 0; i < 3; i += 1) await page.keyboard.press("Shift");
    await leaving;
    await context.close();
  });

  test("other pages have no quick exit", async () => {
    const others = factsheets().filter((p) => !safetyPages().includes(p));
    assert.ok(others.length > 0);
    assert.ok(!readFileSync(join(output, others[0], "index.html"), "utf8").includes("data-quick-exit"));
  });
});

describe("listen", () => {
  // Headless Chromium has no voices; give it one English voice and record what is spoken.
  const fakeVoices = () => {
    window.spoken = [];
    const voices = [{ lang: "en-GB", name: "Test English", default: true, localService: true, voiceURI: "test" }];
    Object.defineProperty(window, "speechSynthesis", {
      value: {
        speaking: false,
        getVoices: () => voices,
        addEventListener: () => {},
        speak(utterance) { window.spoken.push({ lang: utterance.lang, text: utterance.text }); },
        cancel() {},
      },
    });
    window.SpeechSynthesisUtterance = class {
      constructor(text) { this.text = text; }
    };
  };

  test("the control appears only where the browser has a voice for the text's language", async () => {
    const { context, page } = await newPage(DESKTOP);
    await context.addInitScript(fakeVoices);
    const english = factsheets().find((p) => p.startsWith("/en/"));
    await page.goto(origin + english);
    const listen = page.locator("[data-listen]");
    assert.ok(await listen.isVisible());
    await listen.click();
    const spoken = await page.evaluate(() => window.spoken);
    assert.equal(spoken.length, 1);
    assert.equal(spoken[0].lang, "en");
    assert.ok(spoken[0].text.length > 200);
    for (const arabic of factsheets().filter((p) => p.startsWith("/ar/"))) {
      const fallback = readFileSync(join(output, arabic, "index.html"), "utf8").includes('id="text" lang="en"');
      await page.goto(origin + arabic);
      const visible = await page.locator("[data-listen]").isVisible();
      assert.equal(visible, fallback, `${arabic}: shown only for English fallback text, as there is no Arabic voice`);
    }
    await context.close();
  });
});

describe("navigation", () => {
  test("factsheets have breadcrumbs, a language switcher and the review date near the top", async () => {
    const { context, page } = await newPage(PHONE);
    for (const path of factsheets().filter((p) => p.startsWith("/en/") || p.startsWith("/fa/"))) {
      await page.goto(origin + path);
      assert.ok((await page.locator(".breadcrumbs a").count()) >= 1, `${path}: breadcrumbs`);
      assert.ok((await page.locator(".language-switcher a[hreflang]").count()) >= 2, `${path}: languages`);
      const order = await page.evaluate(() => {
        const reviewed = document.querySelector(".reviewed");
        const content = document.querySelector(".content");
        return reviewed && reviewed.compareDocumentPosition(content) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      assert.ok(order, `${path}: the review date comes before the text`);
    }
    await context.close();
  });

  test("full-page phone screenshots of a factsheet in English and Arabic", async () => {
    const { context, page } = await newPage(PHONE);
    const slug = factsheets().find((p) => p.startsWith("/en/")).slice("/en/".length);
    for (const lang of ["en", "ar"]) {
      await page.goto(`${origin}/${lang}/${slug}`);
      await page.screenshot({ path: join(artifacts, `factsheet-${lang}-phone.png`), fullPage: true });
    }
    await context.close();
  });
});
