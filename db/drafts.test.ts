import { beforeEach, describe, expect, it } from "vitest";
import { MAX_DRAFTS } from "@/lib/wizard/draft";
import { createDraft, deleteDraft, getDraft, listDrafts, saveDraft } from "./drafts";
import { drafts } from "./schema";
import { setupTestDb } from "./testing/test-db";
import { createUser } from "./users";

const t = setupTestDb();
beforeEach(() => t.reset());

async function people() {
  const alice = await createUser({ email: "alice@example.org", password: "a long enough phrase" });
  const bob = await createUser({ email: "bob@example.org", password: "a long enough phrase" });
  return { alice: alice.id, bob: bob.id };
}

describe("drafts", () => {
  it("belong to their owner: anyone else gets not found, as for a draft that does not exist", async () => {
    const { alice, bob } = await people();
    const draft = await createDraft(alice, "image");
    expect(draft).toMatchObject({ flow: "image", step: "image", revision: 0, data: {} });
    expect(draft.id).toMatch(/^dr_[A-Za-z0-9_-]{16}$/);
    expect((await getDraft(alice, draft.id)).id).toBe(draft.id);
    await expect(getDraft(bob, draft.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getDraft(alice, "dr_doesNotExist12345")).rejects.toMatchObject({ code: "not_found" });
    await expect(getDraft(alice, "'; drop table drafts; --")).rejects.toMatchObject({ code: "not_found" });
    await expect(saveDraft(bob, draft.id, { step: "location", data: {}, revision: 0 })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteDraft(bob, draft.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await listDrafts(bob)).toEqual([]);
  });

  it("save a step on the revision they were read at; a save on a stale copy is a conflict and changes nothing", async () => {
    const { alice } = await people();
    const draft = await createDraft(alice, "build");
    const saved = await saveDraft(alice, draft.id, { step: "software", data: { recipe: { packages: ["nginx"] } }, revision: 0 });
    expect(saved).toMatchObject({ step: "software", revision: 1, data: { recipe: { packages: ["nginx"] } } });
    // Another tab still holds revision 0.
    await expect(saveDraft(alice, draft.id, { step: "base", data: { recipe: {} }, revision: 0 })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await getDraft(alice, draft.id)).data).toEqual({ recipe: { packages: ["nginx"] } });
    // A step the flow does not have is its first step.
    expect((await saveDraft(alice, draft.id, { step: "nonsense", data: {}, revision: 1 })).step).toBe("base");
  });

  it("are listed most recently changed first, limited in number, and deleted", async () => {
    const { alice } = await people();
    const first = await createDraft(alice, "image");
    const second = await createDraft(alice, "build");
    await saveDraft(alice, first.id, { step: "location", data: {}, revision: 0 });
    expect((await listDrafts(alice)).map((d) => d.id)).toEqual([first.id, second.id]);
    await deleteDraft(alice, first.id);
    expect((await listDrafts(alice)).map((d) => d.id)).toEqual([second.id]);
    await expect(getDraft(alice, first.id)).rejects.toMatchObject({ code: "not_found" });

    await t.db.insert(drafts).values(
      Array.from({ length: MAX_DRAFTS - 1 }, (_, i) => ({
        id: `dr_filler${String(i).padStart(10, "0")}`,
        ownerId: alice,
        flow: "image" as const,
        step: "image",
      })),
    );
    await expect(createDraft(alice, "image")).rejects.toMatchObject({ code: "conflict" });
  });
});
