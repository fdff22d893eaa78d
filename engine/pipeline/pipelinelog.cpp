#include "pipeline/pipelinelog.h"

Q_LOGGING_CATEGORY(lcPipeline, "herder.pipeline")
