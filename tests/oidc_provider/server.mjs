// A real OpenID provider for the school sign-in tests: panva's certified oidc-provider with one
// confidential client and a few accounts, all given in the environment by the test fixture.
//
//   PORT           loopback port to listen on; the issuer is http://127.0.0.1:PORT
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URI   the one client (Colloquy), secret sent in the body
//   ACCOUNTS       JSON list of {sub, email, email_verified, name}
//
// Its development sign-in page takes any password: the login typed is the account's `sub`.
import { generateKeyPairSync } from "node:crypto";

import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = new Map(JSON.parse(process.env.ACCOUNTS).map((account) => [account.sub, account]));

// A fresh signing key per run: Colloquy must find it through the published JWKS.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: `test-${Date.now()}`, alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  jwks: { keys: [signingKey] },
  cookies: { keys: ["colloquy-test-provider-cookie-key"] },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) {
      return undefined;
    }
    return { accountId: sub, claims: async () => ({ ...account }) };
  },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`OpenID provider for tests at ${issuer}`);
});
