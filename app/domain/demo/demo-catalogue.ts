/**
 * The demo shop's small product catalogue: a specialty coffee and tea roaster,
 * a category with both consumables (which drive repeat purchases) and
 * occasional big-ticket equipment (which drives order-value spread).
 *
 * `popularity` is the relative chance a product is picked for a line item.
 */
export interface DemoCatalogueEntry {
  title: string;
  handle: string;
  productType: string;
  priceCents: number;
  popularity: number;
}

export const DEMO_SHOP = {
  domain: "ember-and-leaf-demo.myshopify.com",
  name: "Ember & Leaf Coffee Co.",
  currency: "USD",
} as const;

export const DEMO_CATALOGUE: readonly DemoCatalogueEntry[] = [
  { title: "House Espresso Blend — 340 g", handle: "house-espresso-blend", productType: "Coffee", priceCents: 1650, popularity: 22 },
  { title: "Ethiopia Yirgacheffe — 250 g", handle: "ethiopia-yirgacheffe", productType: "Coffee", priceCents: 1900, popularity: 16 },
  { title: "Colombia Huila Decaf — 250 g", handle: "colombia-huila-decaf", productType: "Coffee", priceCents: 1750, popularity: 8 },
  { title: "Espresso Blend — 1 kg Bag", handle: "espresso-blend-1kg", productType: "Coffee", priceCents: 4200, popularity: 9 },
  { title: "Sencha Green Tea — 100 g", handle: "sencha-green-tea", productType: "Tea", priceCents: 1400, popularity: 9 },
  { title: "Earl Grey Supreme — 100 g", handle: "earl-grey-supreme", productType: "Tea", priceCents: 1250, popularity: 8 },
  { title: "Ceremonial Matcha — 30 g", handle: "ceremonial-matcha", productType: "Tea", priceCents: 3200, popularity: 6 },
  { title: "Masala Chai Blend — 150 g", handle: "masala-chai-blend", productType: "Tea", priceCents: 1300, popularity: 6 },
  { title: "Paper Filters #2 (100 pack)", handle: "paper-filters-100", productType: "Accessories", priceCents: 750, popularity: 7 },
  { title: "Ceramic Pour-Over Dripper", handle: "ceramic-pour-over-dripper", productType: "Equipment", priceCents: 2800, popularity: 4 },
  { title: "Gooseneck Kettle 1 L", handle: "gooseneck-kettle", productType: "Equipment", priceCents: 8900, popularity: 3 },
  { title: "Conical Burr Grinder", handle: "conical-burr-grinder", productType: "Equipment", priceCents: 16500, popularity: 2 },
];

/** Flat-rate shipping under the free-shipping threshold (on the discounted subtotal). */
export const SHIPPING_FEE_CENTS = 695;
export const FREE_SHIPPING_THRESHOLD_CENTS = 6000;
