{{- define "funcs.greet" -}}
hello {{ .Values.name }}
{{- end -}}
{{- define "funcs.labels" -}}
app: {{ .Chart.Name }}
release: {{ .Release.Name }}
{{- end -}}
{{- define "funcs.recurse" -}}
{{ include "funcs.recurse" . }}
{{- end -}}
{{- define "funcs.inner" -}}
{{ .Values.a.b.c }}
{{- end -}}
{{- define "funcs.outer" -}}
{{ include "funcs.inner" . }}
{{- end -}}
