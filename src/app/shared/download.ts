// Hands a file made on the device to the browser as a download (exports, reports).

export interface DownloadFile {
  name: string;
  type: string;
  text: string;
}

export function download(file: DownloadFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
