/** zh-CN messages for media pages (file uploads and streaming). */
export const mediaMessages = {
  "error.fileTypeRefused": "不支持此文件类型。系统按文件内容识别类型，与文件名无关，请上传允许的格式。",
  "error.fileTooLarge": "文件超过大小上限，请压缩或拆分后再上传。",
  "error.corruptMedia": "文件已损坏或不完整，无法读取，请检查后重新上传。",
  "error.rangeNotSatisfiable": "请求的文件范围无效。",

  "media.upload.choose": "选择文件",
  "media.upload.replace": "重新选择",
  "media.upload.uploading": "正在上传 {name}…",
  "media.upload.percent": "{percent}%",
  "media.upload.done": "已上传：{name}",
  "media.upload.duration": "时长 {duration}",
  "media.upload.failed": "上传失败：{message}",
  "media.upload.network": "网络错误，上传未完成，请重试。",
  "media.upload.current": "当前文件：{name}",
  "media.upload.hint.courseVideo": "支持 MP4、WebM 视频，最大 2 GB。",
  "media.upload.hint.courseDocument": "支持 PDF 文档，最大 100 MB。",
  "media.upload.hint.courseCover": "支持 PNG、JPG、WebP 图片，最大 5 MB。",
  "media.upload.hint.assignment": "支持 PDF 或 PNG、JPG、WebP 图片，最大 50 MB。",
} as const;
