/** zh-CN messages for certificates pages. */
export const certificatesMessages = {
  "certificates.verify.valid": "证书有效",
  "certificates.verify.notFound": "未找到该证书",
  "certificates.verify.notFoundHint": "请核对二维码或链接是否完整。",
  "certificates.verify.dateValue": "{y}年{m}月{d}日",
  "certificates.verify.hoursValue": "{hours} 学时",
  "certificates.field.name": "姓名",
  "certificates.field.title": "课程",
  "certificates.field.hours": "学时",
  "certificates.field.date": "日期",
  "certificates.field.number": "证书编号",
  "certificates.download.pending": "证书正在生成，请稍后再下载。",
  "certificates.download.fileName": "{title}-结业证书-{number}.pdf",
} as const;
