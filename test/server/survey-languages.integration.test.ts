import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config/env";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { DemoDiscountApi } from "../../app/infra/shopify/demo/demo-discount-api";
import { createApp } from "../../app/server/app";
import { createLogger } from "../../app/server/logger";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { checkoutToken, DEMO_SHOP, sessionToken } from "../support/shopify-signing";

let orderSequence = 7_100_000_001;

describe.each(databaseBackends())("survey languages and the side-effect-free thank-you preview on %s", (backend) => {
  let db: TestDatabase;
  let discounts: DemoDiscountApi;
  let app: ReturnType<typeof createApp>["app"];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    discounts = new DemoDiscountApi({ latencyMs: 0 });
    ({ app } = createApp({ config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), db, logger: createLogger({ level: "silent" }), adminClients: async () => discounts }));
  });
  afterAll(async () => {
    await db?.close();
  });

  async function shopWithOrder(domain: string) {
    const shop = await new ShopRepository(db.prisma).upsertInstalled({ domain, currency: "EUR" }, new Date());
    const id = orderSequence++;
    const customer = await db.prisma.customer.create({ data: { shopId: shop.id, shopifyGid: `gid://shopify/Customer/${id}`, firstName: "Ada" } });
    const order = await db.prisma.order.create({
      data: { shopId: shop.id, shopifyGid: `gid://shopify/Order/${id}`, name: `#${id}`, customerId: customer.id, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date() },
    });
    const admin = { Authorization: `Bearer ${await sessionToken({ shop: domain })}` };
    const checkout = { Authorization: `Bearer ${await checkoutToken({ shop: domain, customerGid: customer.shopifyGid })}` };
    return { shop, order, admin, checkout };
  }

  const thankYou = (orderGid: string, locale: string, auth: Record<string, string>) =>
    request(app).get("/api/extension/thank-you").query({ orderId: orderGid, locale }).set(auth).expect(200);

  it("serves the default survey in the buyer's language (Persian with its own question mark), answers in the stored text", async () => {
    const { order, checkout } = await shopWithOrder(`survey-default-${backend}.myshopify.com`);
    const fa = (await thankYou(order.shopifyGid, "fa-IR", checkout)).body.survey;
    expect(fa).toMatchObject({ locale: "fa", question: "از کجا با ما آشنا شدید؟", answered: false });
    expect(fa.options[0]).toEqual({ value: "Search engine", label: "موتور جستجو" });
    const kk = (await thankYou(order.shopifyGid, "kk", checkout)).body.survey;
    expect(kk.question).toBe("Біз туралы қайдан білдіңіз?");
    const unknown = (await thankYou(order.shopifyGid, "pt-BR", checkout)).body.survey;
    expect(unknown).toMatchObject({ locale: "en", question: "How did you hear about us?" });
  });

  it("stores the merchant's translations, refuses misaligned ones naming the field, and serves them", async () => {
    const { order, admin, checkout } = await shopWithOrder(`survey-custom-${backend}.myshopify.com`);
    const survey = { question: "Where did you find us?", options: ["Friend", "Ad"] };
    const misaligned = await request(app)
      .put("/api/settings/survey")
      .set(admin)
      .send({ ...survey, translations: { ru: { question: "Где вы нас нашли?", options: ["Друг"] } } })
      .expect(400);
    expect(misaligned.body.error.fields.map((problem: { field: string }) => problem.field)).toEqual(["translations.ru.options"]);
    await request(app).put("/api/settings/survey").set(admin).send({ ...survey, translations: { xx: survey } }).expect(400);

    const saved = await request(app)
      .put("/api/settings/survey")
      .set(admin)
      .send({ ...survey, translations: { ru: { question: "Где вы нас нашли?", options: ["Друг", "Реклама"] }, et: { question: "", options: ["", ""] } } })
      .expect(200);
    expect(saved.body.survey.translations.ru.options).toEqual(["Друг", "Реклама"]);
    expect((await request(app).get("/api/settings/survey").set(admin).expect(200)).body.survey.translations.ru.question).toBe("Где вы нас нашли?");

    const ru = (await thankYou(order.shopifyGid, "ru", checkout)).body.survey;
    expect(ru).toMatchObject({ locale: "ru", question: "Где вы нас нашли?", options: [{ value: "Friend", label: "Друг" }, { value: "Ad", label: "Реклама" }] });
    // Estonian was saved half done, Persian not at all: both read the merchant's own text, not the default translation.
    expect((await thankYou(order.shopifyGid, "et", checkout)).body.survey).toMatchObject({ locale: "en", question: "Where did you find us?" });
    expect((await thankYou(order.shopifyGid, "fa", checkout)).body.survey).toMatchObject({ locale: "en", question: "Where did you find us?" });

    // A Russian shopper's tap stores the merchant's answer, so results add up across languages.
    await request(app).post("/api/extension/survey").set(checkout).send({ orderId: order.shopifyGid, answer: "Ad" }).expect(201);
    const results = await request(app).get("/api/settings/survey/results").set(admin).expect(200);
    expect(results.body.answers.find((row: { answer: string }) => row.answer === "Ad").count).toBe(1);
  });

  it("previews the thank-you page without issuing a code, calling Shopify or counting in the offer's statistics", async () => {
    const demo = await new ShopRepository(db.prisma).upsertInstalled({ domain: DEMO_SHOP, currency: "USD" }, new Date());
    const id = orderSequence++;
    const order = await db.prisma.order.create({
      data: { shopId: demo.id, shopifyGid: `gid://shopify/Order/${id}`, name: `#${id}`, currency: "USD", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date() },
    });
    const created = await request(app)
      .post("/api/offers")
      .send({ name: "Everyone", status: "active", discountType: "percentage", discountValue: 15, minimumSubtotal: 30, validityDays: 30, orderScope: "any_order", controlShare: 0, targeting: {} })
      .expect(201);
    const callsBefore = discounts.calls.length;

    const preview = await request(app).get("/preview/thank-you/api/thank-you").query({ orderId: order.shopifyGid, locale: "en" }).expect(200);
    expect(preview.body.coupon).toMatchObject({ discount: { type: "percentage", percentage: 15 }, minimumSubtotal: { amount: "30.00" } });
    expect(preview.body.coupon.code).toMatch(/^PREVIEW[2-9A-HJKMNP-Z]{5}$/);
    await request(app).post("/preview/thank-you/api/survey").send({ orderId: order.shopifyGid, answer: "Other" }).expect(200, { stored: false, preview: true });
    await request(app).post("/preview/thank-you/api/survey").send({ orderId: order.shopifyGid, answer: "Billboard" }).expect(400);

    expect(await db.prisma.offerDecision.count({ where: { shopId: demo.id } })).toBe(0);
    expect(await db.prisma.surveyResponse.count({ where: { shopId: demo.id } })).toBe(0);
    expect(discounts.calls.length).toBe(callsBefore);
    const performance = await request(app).get(`/api/offers/${created.body.offer.id}/performance`).expect(200);
    expect(performance.body).toMatchObject({ issued: 0, redeemed: 0 });
  });
});
