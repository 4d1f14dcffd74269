/**
 * Found by the hostile-input fuzz (issue 9): the OAuth token endpoint answered 500 to a JSON body
 * `null`, to a numeric `client_secret` (Buffer.from(5) threw), and to a Basic header whose
 * credentials were not valid form-urlencoding (decodeURIComponent threw URIError).
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";

const target = () => createTarget({ oauth: { clientId: "client-1", clientSecret: "client-secret-1" } });

describe("the token endpoint answered 500 to odd credentials", () => {
  it("answers 400 invalid_request to JSON that is not an object", async () => {
    for (const body of ["null", "5", '"text"', "[1]"]) {
      const res = await request(target().app).post("/oauth/token").set("Content-Type", "application/json").send(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error).toBe("invalid_request");
    }
  });

  it("answers 401 invalid_client to a client_secret that is not a string", async () => {
    const res = await request(target().app).post("/oauth/token").send({ grant_type: "client_credentials", client_id: "client-1", client_secret: 5 });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("invalid_client");
  });

  it("answers 401 invalid_client to Basic credentials with a malformed escape", async () => {
    const res = await request(target().app)
      .post("/oauth/token")
      .set("Authorization", `Basic ${Buffer.from("%:%zz").toString("base64")}`)
      .type("form")
      .send("grant_type=client_credentials");
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("invalid_client");
  });

  it("still issues a token to the right client, in JSON and in Basic", async () => {
    const t = target();
    const json = await request(t.app).post("/oauth/token").send({ grant_type: "client_credentials", client_id: "client-1", client_secret: "client-secret-1" });
    expect(json.status).toBe(200);
    const basic = await request(t.app)
      .post("/oauth/token")
      .set("Authorization", `Basic ${Buffer.from("client-1:client-secret-1").toString("base64")}`)
      .type("form")
      .send("grant_type=client_credentials");
    expect(basic.status).toBe(200);
    expect(typeof basic.body.access_token).toBe("string");
  });
});
