// The PPID task pane (templates/taskpane.html): save or clear the officer's token in the add-in's
// local storage ("ppidToken", read by auth.js for every button), and upload a published DIP/DIK
// list for the Impor button (POST /ppid/unggah/<workbook>/<file>, with the same token).
// Every text the officer reads is Indonesian.

const TOKEN_KEY = "ppidToken";

function show(element, text, ok) {
  element.textContent = text;
  element.classList.toggle("ppid-ok", ok === true);
  element.classList.toggle("ppid-error", ok === false);
}

function tokenStatus() {
  const status = document.querySelector("#ppid-token-status");
  const token = localStorage.getItem(TOKEN_KEY) || "";
  if (token) {
    show(status, `Token tersimpan (berakhir …${token.slice(-4)}).`, true);
  } else {
    show(status, "Belum ada token tersimpan: tombol akan ditolak server.", false);
  }
}

async function workbookName() {
  if (globalThis.Excel && globalThis.Office) {
    await Office.onReady();
    return await Excel.run(async (context) => {
      context.workbook.load("name");
      await context.sync();
      return context.workbook.name;
    });
  }
  return "";
}

async function upload(event) {
  event.preventDefault();
  const status = document.querySelector("#ppid-upload-status");
  const file = document.querySelector("#ppid-upload-file").files[0];
  if (!file) {
    show(status, "Pilih berkas .xlsx atau .csv lebih dulu.", false);
    return;
  }
  let book = "";
  try {
    book = await workbookName();
  } catch (error) {
    book = "";
  }
  if (!book) {
    show(status, "Nama workbook tidak terbaca: buka panel ini dari workbook register di Excel.", false);
    return;
  }
  const auth = typeof globalThis.getAuth === "function" ? await globalThis.getAuth() : { token: "", provider: "" };
  show(status, `Mengunggah ${file.name} …`);
  try {
    const url = `${window.location.origin}${config.appPath}/ppid/unggah/${encodeURIComponent(book)}/${encodeURIComponent(file.name)}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: auth.token, "Auth-Provider": auth.provider, "Content-Type": "application/octet-stream" },
      body: file,
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (response.ok) {
      show(status, data.pesan || `Berkas ${file.name} tersimpan.`, true);
    } else {
      show(status, data.detail || `Unggah gagal (kode ${response.status}).`, false);
    }
  } catch (error) {
    show(status, "Server tidak dapat dihubungi; coba lagi.", false);
  }
}

function init() {
  const usesEntra = globalThis.config && config.authProviders && config.authProviders.includes("entraid");
  if (usesEntra) {
    document.querySelector("#ppid-token-section").classList.add("d-none");
    document.querySelector("#ppid-entraid-section").classList.remove("d-none");
  }
  const form = document.querySelector("#ppid-token-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = document.querySelector("#ppid-token");
      const token = input.value.trim();
      if (!token) {
        show(document.querySelector("#ppid-token-status"), "Token kosong: tempel token dari admin PPID.", false);
        return;
      }
      localStorage.setItem(TOKEN_KEY, token);
      input.value = "";
      tokenStatus();
    });
    document.querySelector("#ppid-token-clear").addEventListener("click", () => {
      localStorage.removeItem(TOKEN_KEY);
      tokenStatus();
    });
    tokenStatus();
  }
  const uploadForm = document.querySelector("#ppid-upload-form");
  if (uploadForm) {
    uploadForm.addEventListener("submit", upload);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
