import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offerVerdict } from "../../app/domain/offers/offer-verdict";
import { seedDemoOffers } from "../../app/infra/demo/seed-demo-offers";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { seedDemoSurvey } from "../../app/infra/demo/seed-demo-survey";
import { scoreShop, type ScoringProgress } from "../../app/infra/scoring/score-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const NOW = new Date("2026-11-01T00:00:00Z");

/**
 * Issue 15 ("merchant truth and polish") over a small seeded, scored demo shop: offer results with a verdict,
 * plain-word offer errors, the preview's time window, survey analytics, the customers count and CSV, the
 * favicon and re-score progress per stage.
 */
describe.each(databaseBackends())("merchant admin APIs on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  let app: ReturnType<typeof buildTestApp>["app"];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: NOW, customerCount: 400 });
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "seed" });
    await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now: NOW, seed: 5 });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
    app = buildTestApp(db).app;
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("offers: results and verdict", () => {
    it("GET /api/offers/performance: every offer's numbers and verdict, the same as its own performance", async () => {
      const { body } = await request(app).get("/api/offers/performance").expect(200);
      const offers = (await request(app).get("/api/offers").expect(200)).body.offers;
      expect(body.offers.map((row: { offerId: string }) => row.offerId)).toEqual(offers.map((offer: { id: string }) => offer.id));
      const [row] = body.offers;
      const single = (await request(app).get(`/api/offers/${row.offerId}/performance`).expect(200)).body;
      expect(row).toEqual({ ...single, currency: undefined });
      expect(body.currency).toBe(single.currency);
      expect(row.issued).toBeGreaterThan(0);
      expect(row.verdict).toEqual(offerVerdict(single));
      expect(["pays", "does_not_pay_yet", "not_enough_data"]).toContain(row.verdict.verdict);
    });

    it("a verdict of not enough data while no customer's window has closed", async () => {
      const created = await request(app)
        .post("/api/offers")
        .send({ name: "Fresh", discountType: "percentage", discountValue: 10, validityDays: 30 })
        .expect(201);
      const { body } = await request(app).get(`/api/offers/${created.body.offer.id}/performance`).expect(200);
      expect(body.verdict).toMatchObject({ verdict: "not_enough_data", reason: "too_few_measured", measured: { issued: 0, control: 0 } });
      await request(app).delete(`/api/offers/${created.body.offer.id}`).expect(204);
    });
  });

  describe("offers: the form's input", () => {
    it.each([
      ["an empty name", { name: "" }, "name", /name/i],
      ["a 150% discount", { discountValue: 150 }, "discountValue", /100%/],
      ["no discount value", { discountValue: null }, "discountValue", /number/i],
      ["0 days of validity", { validityDays: 0 }, "validityDays", /at least 1 day/i],
      ["a 90% control group", { controlShare: 0.9 }, "controlShare", /50%/],
      ["an end before the start", { startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-11-01T00:00:00Z" }, "endsAt", /after the start/i],
      ["a start that is not a date", { startsAt: "tomorrow" }, "startsAt", /date/i],
      ["a fractional priority", { priority: 1.5 }, "priority", /whole number/i],
    ])("answers %s in plain words naming the field", async (_case, change, field, wording) => {
      const body = { name: "Plain words", discountType: "percentage", discountValue: 10, validityDays: 30, ...change };
      const response = await request(app).post("/api/offers").send(body).expect(400);
      const problem = response.body.error.fields.find((candidate: { field: string }) => candidate.field === field);
      expect(problem?.message).toMatch(wording);
      expect(problem.message).not.toMatch(/Too small|Too big|expected|Invalid input|startsAt|>=/);
    });

    it("saves start and end dates and the priority", async () => {
      const created = await request(app)
        .post("/api/offers")
        .send({ name: "Dated", discountType: "fixed_amount", discountValue: 5, validityDays: 30, startsAt: "2026-12-01T00:00:00.000Z", endsAt: "2027-01-01T00:00:00.000Z", priority: 7 })
        .expect(201);
      expect(created.body.offer).toMatchObject({ startsAt: "2026-12-01T00:00:00.000Z", endsAt: "2027-01-01T00:00:00.000Z", priority: 7 });
      await request(app).delete(`/api/offers/${created.body.offer.id}`).expect(204);
    });

    it.each([
      [30, 30],
      [60, 60],
      [120, 90],
    ])("the reach preview states its window: a code valid %i days is counted over %i days", async (validityDays, windowDays) => {
      const { body } = await request(app).get(`/api/offers/preview?validityDays=${validityDays}`).expect(200);
      expect(body.windowDays).toBe(windowDays);
    });
  });

  describe("survey analytics", () => {
    it("GET /api/settings/survey/results: per answer, per month and per segment", async () => {
      const orders = await db.prisma.order.findMany({ where: { shopId, customerId: { not: null } }, orderBy: { placedAt: "asc" }, take: 3 });
      const scores = await db.prisma.customerScore.findMany({ where: { customerId: { in: orders.map((order) => order.customerId!) } } });
      const ladderOf = (customerId: string) => scores.find((score) => score.customerId === customerId)!.loyaltySegment;
      const question = "How did you hear about us?";
      await db.prisma.surveyResponse.createMany({
        data: [
          { shopId, orderGid: orders[0].shopifyGid, question, answer: "Search engine", createdAt: new Date("2026-08-03T10:00:00Z") },
          { shopId, orderGid: orders[1].shopifyGid, question, answer: "Search engine", createdAt: new Date("2026-10-20T10:00:00Z") },
          { shopId, orderGid: orders[2].shopifyGid, question, answer: "Social media", createdAt: new Date("2026-10-21T10:00:00Z") },
          // A guest order (no customer, no score), and an answer to an older question that does not count.
          { shopId, orderGid: "gid://shopify/Order/999000111", question, answer: "Podcast or blog", createdAt: new Date("2026-10-22T10:00:00Z") },
          { shopId, orderGid: orders[0].shopifyGid, question: "Older question?", answer: "Yes", createdAt: new Date("2026-10-22T10:00:00Z") },
        ],
      });
      const { body } = await request(app).get("/api/settings/survey/results").expect(200);
      expect(body.responses).toBe(4);
      expect(body.answers.slice(0, 4).map((row: { answer: string; count: number }) => [row.answer, row.count])).toEqual([
        ["Search engine", 2],
        ["Social media", 1],
        ["Friend or family", 0],
        ["Podcast or blog", 1],
      ]);
      expect(body.months.map((row: { month: string; responses: number }) => [row.month, row.responses])).toEqual([
        ["2026-08", 1],
        ["2026-09", 0],
        ["2026-10", 3],
      ]);
      const expectedLadder = new Map<string, number>([["unscored", 1]]);
      for (const order of orders) expectedLadder.set(ladderOf(order.customerId!), (expectedLadder.get(ladderOf(order.customerId!)) ?? 0) + 1);
      const ladder = Object.fromEntries(body.segments.ladder.map((row: { segment: string; responses: number }) => [row.segment, row.responses]));
      expect(ladder).toEqual(Object.fromEntries(expectedLadder));
      expect(body.segments.rfm.reduce((sum: number, row: { responses: number }) => sum + row.responses, 0)).toBe(4);
    });

    it("demo mode seeds answers once, for the last 180 days' orders, in the survey's own text", async () => {
      await db.prisma.surveyResponse.deleteMany({ where: { shopId } });
      const seeded = await seedDemoSurvey(db, { shopDomain: DEMO_SHOP, now: NOW, seed: 5 });
      expect(seeded.seeded).toBe(true);
      expect(seeded.answers).toBeGreaterThan(0);
      expect(await db.prisma.surveyResponse.count({ where: { shopId } })).toBe(seeded.answers);
      const { body } = await request(app).get("/api/settings/survey/results").expect(200);
      expect(body.responses).toBe(seeded.answers);
      expect(body.answers.filter((row: { count: number }) => row.count > 0).length).toBeGreaterThan(1);
      expect(body.months.length).toBeGreaterThanOrEqual(6);
      expect(await seedDemoSurvey(db, { shopDomain: DEMO_SHOP, now: NOW, seed: 5 })).toEqual({ seeded: false, answers: 0 });
    });
  });

  describe("customers: count and CSV", () => {
    it("GET /api/customers/count: how many customers match the filters", async () => {
      expect((await request(app).get("/api/customers/count").expect(200)).body).toEqual({ total: await db.prisma.customerScore.count({ where: { shopId } }) });
      const low = await request(app).get("/api/customers/count?band=low").expect(200);
      expect(low.body.total).toBe(await db.prisma.customerScore.count({ where: { shopId, pRepeat90: { lt: 0.2 } } }));
      await request(app).get("/api/customers/count?band=huge").expect(400);
    });

    it("the CSV opens in a spreadsheet as UTF-8 (BOM), with rounded scores and a filename saying shop, date and filter", async () => {
      const response = await request(app)
        .get("/api/customers/export.csv?band=low&segment=lurker")
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const today = new Date().toISOString().slice(0, 10);
      expect(response.headers["content-disposition"]).toBe(`attachment; filename="encore-demo-customers-${today}-lurker-low.csv"`);
      const [header, ...rows] = bytes.subarray(3).toString("utf8").trim().split("\n");
      const columns = header.split(",");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = row.split(",");
        expect(cells[columns.indexOf("p_repeat_90d")]).toMatch(/^0(\.\d{1,4})?$|^1$/);
        expect(cells[columns.indexOf("predicted_clv_365d")]).toMatch(/^\d+(\.\d{1,2})?$/);
        expect(cells[columns.indexOf("total_spent")]).toMatch(/^\d+(\.\d{1,2})?$/);
      }
    });

    it("a search never puts the searched text (a name or an email) into the filename", async () => {
      const response = await request(app).get("/api/customers/export.csv?q=ada").expect(200);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="encore-demo-customers-\d{4}-\d{2}-\d{2}-search\.csv"$/);
    });
  });

  describe("polish", () => {
    it("serves a favicon, and the admin page links it (no 404 on every page)", async () => {
      const icon = await request(app).get("/favicon.ico").expect(200);
      expect(icon.headers["content-type"]).toMatch(/^image\//);
      await request(app).get("/favicon.svg").expect(200).expect("Content-Type", /image\/svg\+xml/);
      const html = await request(app).get("/customers").expect(200);
      expect(html.text).toMatch(/<link rel="icon"[^>]*href="\/favicon\.svg"/);
    });

    it("re-scoring reports every stage in order, counting customers while scoring and saving", async () => {
      const events: ScoringProgress[] = [];
      const report = await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual", onProgress: (progress) => events.push({ ...progress }) });
      const phases = [...new Set(events.map((event) => event.phase))];
      expect(phases).toEqual(["reading", "fitting", "scoring", "saving", "done"]);
      for (const event of events.filter((candidate) => candidate.phase !== "reading")) expect(event.total).toBe(report.customers);
      // Scoring ends with every customer counted before saving starts.
      expect(events.filter((event) => event.phase === "scoring").at(-1)).toMatchObject({ done: report.customers });
      expect(events.filter((event) => event.phase === "saving").at(-1)).toMatchObject({ done: report.customers });
    });
  });
});
