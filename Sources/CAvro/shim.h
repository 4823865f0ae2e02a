#pragma once
#include <avro.h>
