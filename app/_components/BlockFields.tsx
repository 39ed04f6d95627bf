"use client";
/**
 * The inputs of a page's blocks — demo video, presentation, special offer — one fieldset each, as
 * the prospect form and the play editor both show them (lib/prospect-form.ts#blocksFromForm reads
 * them back). A play's titles and offer may hold merge fields, so its placeholders show one.
 */
import { Field, TextArea } from "./Form";
import { UploadButton } from "./UploadButton";

export function BlockFields({ v, mergeFields = false }: { v: (name: string) => string; mergeFields?: boolean }) {
  return (
    <>
      <fieldset className="fieldset">
        <legend>Demo video</legend>
        <div className="grid2 tight">
          <Field name="videoUrl" label="Video link" type="text" defaultValue={v("videoUrl")} placeholder="https://www.youtube.com/watch?v=…" hint="YouTube, Vimeo, Loom, Wistia, or an MP4." />
          <Field name="videoTitle" label="Video title" defaultValue={v("videoTitle")} maxLength={120} placeholder={mergeFields ? "{{firstName}}, 90 seconds on…" : undefined} />
        </div>
        <UploadButton target="videoUrl" accept="video/mp4,video/webm" label="Upload a video file" />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Presentation</legend>
        <div className="grid2 tight">
          <Field name="presentationUrl" label="Presentation link" type="text" defaultValue={v("presentationUrl")} placeholder="https://…" />
          <Field name="presentationTitle" label="Presentation title" defaultValue={v("presentationTitle")} maxLength={120} />
        </div>
        <UploadButton target="presentationUrl" accept="application/pdf" label="Upload a PDF" />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Special offer</legend>
        <div className="grid2 tight">
          <Field
            name="offerTitle"
            label="Offer title"
            defaultValue={v("offerTitle")}
            maxLength={120}
            placeholder={mergeFields ? "A first month free for {{company|your team}}" : "Your first month free"}
          />
          <Field name="offerCode" label="Offer code" defaultValue={v("offerCode")} maxLength={40} placeholder="WELCOME30" />
          <Field name="offerExpiresAt" label="Offer ends" type="date" defaultValue={v("offerExpiresAt")} />
        </div>
        <TextArea name="offerText" label="Offer details" defaultValue={v("offerText")} maxLength={1000} rows={2} />
      </fieldset>
    </>
  );
}
