import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const webRoot = join(repoRoot, 'dist/web')
/** Every run saves its screenshots under test-results/; GATEHOUSE_UPDATE_SCREENSHOTS=1 refreshes
 *  the committed ones in docs/ (which the README shows) instead. */
export const screenshotDir = join(
  repoRoot,
  process.env.GATEHOUSE_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots',
)

/**
 * Whether these tests can run. CI (GATEHOUSE_REQUIRE_BROWSER=1) must have Chromium and fails
 * loudly without it; elsewhere the browser tests are skipped with a message saying why.
 */
export const browserAvailable = existsSync(CHROMIUM_PATH)
if (!browserAvailable) {
  const reason = `${CHROMIUM_PATH} is missing (install Debian's chromium package to run the browser tests)`
  if (process.env.GATEHOUSE_REQUIRE_BROWSER === '1') throw new Error(`Browser tests required, but ${reason}.`)
  console.warn(`Skipping the browser tests: ${reason}.`)
}

/** Builds the console when dist/web is missing or stale; one build at a time across test files. */
export async function buildConsoleIfStale(): Promise<void> {
  const lock = join(repoRoot, 'dist/.web-build.lock')
  mkdirSync(join(repoRoot, 'dist'), { recursive: true })
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (waited > 120_000) throw new Error(`${lock} is held for too long; remove it if no build is running`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  try {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build into the
    // dist/web that `npm start` then serves as fresh: build for production, as npm start would.
    execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    })
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A free port, chosen first so the server's public URL (used in invitation links) is right. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface ConsoleServer {
  gatehouse: TestGatehouse
  baseUrl: string
}

/** A real Gatehouse (fresh embedded database) serving the built console on a random port. */
export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  await buildConsoleIfStale()
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const gatehouse = await startTestGatehouse('pglite', { GATEHOUSE_PUBLIC_URL: baseUrl, ...env }, { webRoot })
  await gatehouse.app.listen({ host: '127.0.0.1', port })
  return { gatehouse, baseUrl }
}

/** Debian's Chromium, headless; Playwright gives each launch a fresh temporary --user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}

export async function newPage(
  browser: Browser,
  baseUrl: string,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    deviceScaleFactor: 2,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    // The console's Copy buttons write to the clipboard; tests read it back.
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  return { context, page }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  // Let fonts and layout settle (no animations: reducedMotion is on).
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) })
}

export interface ConsoleUser {
  name: string
  email: string
  password: string
}

let counter = 0
export function newUser(name: string): ConsoleUser {
  counter += 1
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '.')
  return {
    name,
    email: `${slug}.${Date.now().toString(36)}${counter}@example.com`,
    password: 'correct horse battery',
  }
}

export async function signUpInBrowser(page: Page, user: ConsoleUser): Promise<void> {
  await page.getByLabel('Name').fill(user.name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Create account' }).click()
}

export async function signInInBrowser(page: Page, user: ConsoleUser): Promise<void> {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname !== '/signin')
}

/** axe-core's own source, evaluated in the page (Runtime.evaluate is not subject to the CSP). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, one line
 * each (rule id, help, the offending elements), so a failure says what to fix and where.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
  })
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    )
}

/** The focused element as the accessibility tree names it, e.g. `button "Copy token"` (or `body`). */
export async function focusedControl(page: Page): Promise<string> {
  const tag = await page.evaluate(() => document.activeElement?.tagName.toLowerCase() ?? 'none')
  if (tag === 'body' || tag === 'none') return tag
  const snapshot = await page.locator(':focus').ariaSnapshot()
  return (snapshot.split('\n')[0] ?? '').replace(/^- /, '').replace(/:$/, '')
}
