// The token the add-in sends as the Authorization header (xlwings Server's getAuth hook).
// Entra ID when configured; else the PPID token the admin issued ("ppid server pengguna tambah"),
// kept in the add-in's local storage under "ppidToken".
globalThis.getAuth = async function () {
  if (config.authProviders.includes("entraid")) {
    return { token: await xlwings.getAccessToken(), provider: "entraid" };
  }
  return { token: localStorage.getItem("ppidToken") || "", provider: "ppid" };
};
